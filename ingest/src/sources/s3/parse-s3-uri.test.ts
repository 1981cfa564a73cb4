import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@ragship/core';
import { parseS3Uri } from './parse-s3-uri.js';

describe('parseS3Uri', () => {
  it.each([
    ['s3://docs-bucket/guides/', { bucket: 'docs-bucket', prefix: 'guides/', location: 's3://docs-bucket/guides/' }],
    ['s3://docs-bucket/guides', { bucket: 'docs-bucket', prefix: 'guides/', location: 's3://docs-bucket/guides/' }],
    ['S3://docs.bucket/a/b', { bucket: 'docs.bucket', prefix: 'a/b/', location: 's3://docs.bucket/a/b/' }],
    ['s3://docs-bucket', { bucket: 'docs-bucket', prefix: '', location: 's3://docs-bucket/' }],
    ['s3://docs-bucket/', { bucket: 'docs-bucket', prefix: '', location: 's3://docs-bucket/' }],
    ['s3://abc/a%20b?x', { bucket: 'abc', prefix: 'a%20b?x/', location: 's3://abc/a%20b?x/' }],
  ])('when given %s, then it names the bucket and the folder prefix', (uri, expected) => {
    expect(parseS3Uri(uri)).toEqual(expected);
  });

  it.each([
    ['https://docs-bucket/x', /Not an S3 URI/],
    ['s3:///guides', /names no bucket/],
    ['s3://has:colon/guides', /Invalid S3 bucket name: use 3–63/],
    ['s3://ab/guides', /Invalid S3 bucket name "ab"/],
    ['s3://Docs_Bucket/guides', /Invalid S3 bucket name "Docs_Bucket"/],
    ['s3://docs-bucket/a/../b', /Invalid S3 prefix "a\/..\/b\/".*a "\.\." segment/],
    ['s3://docs-bucket/a//b', /empty segment/],
    ['s3://docs-bucket/./a', /a "\." segment/],
  ])('when given %s, then it fails naming what is wrong', (uri, message) => {
    expect(() => parseS3Uri(uri)).toThrow(InvalidInputError);
    expect(() => parseS3Uri(uri)).toThrow(message);
  });

  it('when credentials are put in the URI, then the error says where they belong without quoting them', () => {
    const parse = () => parseS3Uri('s3://AKIAEXAMPLE:hunter2-secret@docs-bucket/guides');

    expect(parse).toThrow(/Credentials do not belong in an s3:\/\/ URI/);
    expect(parse).not.toThrow(/hunter2|AKIAEXAMPLE/);
  });
});
