import { describe, expect, it } from 'vitest';
import { mirrorPathOf } from './mirror-path-of.js';
import { s3ObjectSkipReason } from './s3-object-skip-reason.js';

const object = (key: string, size = 10) => ({ key, size, etag: '"e"', lastModified: new Date(0) });

describe('s3ObjectSkipReason', () => {
  it.each(['docs/guide.md', 'docs/GUIDE.MD', 'a.pdf', 'data/records.jsonl', 'site/index.htm'])(
    'when %s is a supported type within the size limit, then it is downloaded',
    (key) => {
      expect(s3ObjectSkipReason(object(key), 100)).toBeUndefined();
    },
  );

  it.each([
    ['docs/../../etc/passwd.md', /not a plain relative path/],
    ['docs//guide.md', /not a plain relative path/],
    ['./guide.md', /not a plain relative path/],
    ['/guide.md', /not a plain relative path/],
    ['docs/.env.md', /hidden path/],
    ['node_modules/x/readme.md', /node_modules/],
    ['docs/diagram.png', /unsupported file type "\.png"/],
    ['docs/Makefile', /unsupported file type \(no extension\)/],
  ])('when the key is %s, then it is skipped', (key, reason) => {
    expect(s3ObjectSkipReason(object(key), 100)).toMatch(reason);
  });

  it('when the listed size is over the limit, then it is skipped by size', () => {
    expect(s3ObjectSkipReason(object('big.md', 101), 100)).toBe(
      'file too large: 101 bytes, over maxFileBytes (100): not downloaded',
    );
    expect(s3ObjectSkipReason(object('fits.md', 100), 100)).toBeUndefined();
  });
});

describe('mirrorPathOf', () => {
  it('when the key stays inside the mirror, then it is the key under it; else undefined', () => {
    expect(mirrorPathOf('/cache/objects', 'docs/a.md')).toBe('/cache/objects/docs/a.md');
    expect(mirrorPathOf('/cache/objects', '../outside.md')).toBeUndefined();
    expect(mirrorPathOf('/cache/objects', 'docs/../../x.md')).toBeUndefined();
  });
});
