import type { SessionInfo } from '@ragship/server';

/** What a build is: the image or commit deployed, the commit built, the product version. */
type BuildInfo = SessionInfo['build'];

/**
 * A build for a column header: the image digest or id shortened to 12 hex digits, the commit to
 * 7, and the product version, e.g. `sha256:1a2b3c4d5e6f · 0c1d2e3 · 0.1.0`.
 */
export function buildLabel(build: BuildInfo): string {
  return [shortBuild(build.build), shortSha(build.gitSha), build.version].join(' · ');
}

function shortBuild(build: string): string {
  const digest = /sha256:([0-9a-f]{12})/i.exec(build);
  if (digest) return `sha256:${digest[1]}`;
  if (/^[0-9a-f]{40}$/i.test(build)) return shortSha(build);
  return build.length > 24 ? `${build.slice(0, 23)}…` : build;
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{8,}$/i.test(sha) ? sha.slice(0, 7) : sha;
}
