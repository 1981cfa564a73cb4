import { InvalidInputError } from '@ragship/core';
import { createDirectorySource } from './directory-source.js';
import type { DocumentSource } from './document-source.js';
import { createGitSource, type GitSourceSettings } from './git/create-git-source.js';
import { createS3Source, type S3SourceSettings } from './s3/create-s3-source.js';
import { createWebSource, type WebSourceSettings } from './web/create-web-source.js';

/** How each kind of source fetches; the config's `sources` section. */
export interface SourceSettings {
  web?: Partial<WebSourceSettings>;
  git?: Partial<GitSourceSettings>;
  s3?: Partial<S3SourceSettings>;
}

/**
 * The source `spec` names: `http(s)://…` a web site (a `….xml` URL a sitemap), `git+https://…`,
 * `git+ssh://…`, `git+file://…` a git repository (optional `#<ref>:<sub-path>`), `s3://bucket/prefix`
 * an S3 prefix, anything else a directory on this machine.
 */
export function openSource(spec: string, settings: SourceSettings = {}): DocumentSource {
  if (/^https?:\/\//i.test(spec)) return createWebSource(spec, settings.web);
  if (/^git\+/i.test(spec)) return createGitSource(spec, settings.git);
  if (/^s3:\/\//i.test(spec)) return createS3Source(spec, settings.s3);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec)?.[1];
  if (scheme) {
    throw new InvalidInputError(
      `Unsupported source scheme "${scheme}://": use a directory, http(s)://, git+https://, git+ssh://, ` +
        `git+file:// or s3://.`,
    );
  }
  return createDirectorySource(spec);
}

/** True when `spec` names a folder on this machine rather than a remote source. */
export function isDirectorySource(spec: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec);
}
