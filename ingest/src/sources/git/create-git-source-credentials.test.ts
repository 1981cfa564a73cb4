import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RagshipError } from '@ragship/core';
import { createGitSource } from './create-git-source.js';
import { GitCommandError } from './git-command-error.js';
import { startGitHttpServer, type GitHttpServer } from './testing/git-http-server.js';
import { filesUnder, gitRecord, useGitSourceFixture } from './testing/git-source-fixture.js';

const USERNAME = 'reader';
const PASSWORD = 'pw-secret-7f3a';
const BASIC_TOKEN = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');

const fixture = useGitSourceFixture(process.env);
let server: GitHttpServer;

beforeEach(async () => {
  server = await startGitHttpServer({
    projectRoot: fixture.root,
    username: USERNAME,
    password: PASSWORD,
    environment: process.env,
  });
  fixture.repository.commit({ 'docs/a.md': 'A\n' }, 'First');
});

afterEach(async () => {
  await server.close();
});

/** Every file under `directory` whose bytes contain `needle`, by relative path. */
function filesContaining(directory: string, needle: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file).includes(needle))
    .map((file) => path.relative(directory, file));
}

// Each test runs a few dozen real git processes: more than the unit default of 10 s on a loaded two-core machine.
describe('createGitSource over http with credentials', { timeout: 30_000 }, () => {
  it('when the URL carries user:password, then git signs in with a header and the secret is nowhere in the record or the cache', async () => {
    const spec = `git+http://${USERNAME}:${PASSWORD}@${server.url.slice('http://'.length)}/remote.git#main`;
    const source = createGitSource(spec, { environment: process.env });

    const result = await fixture.snapshot(spec);
    fixture.repository.commit({ 'docs/a.md': 'A2\n' }, 'Second');
    const second = await fixture.snapshot(spec, { previous: result.record });

    expect(source.location).toBe(`git+${server.url}/remote.git#main`);
    expect(gitRecord(second.record).location).toBe(source.location);
    expect(filesUnder(second.directory)).toEqual(['docs/a.md']);
    expect(JSON.stringify([result.record, second.record, [...(second.sourceUrls ?? [])]])).not.toContain(PASSWORD);
    expect(filesContaining(fixture.cacheDir, PASSWORD)).toEqual([]);
    expect(filesContaining(fixture.cacheDir, BASIC_TOKEN)).toEqual([]);
    const fetchHead = readFileSync(path.join(fixture.cacheDir, 'repository.git', 'FETCH_HEAD'), 'utf8');
    expect(fetchHead).toContain(`of ${server.url}/remote`);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((request) => request.authorization === `Basic ${BASIC_TOKEN}`)).toBe(true);
    expect(server.requests.some((request) => request.url.includes(PASSWORD))).toBe(false);
  });

  it('when the credentials come from the settings, then git signs in with them', async () => {
    const spec = `git+${server.url}/remote.git`;

    const result = await fixture.snapshot(spec, {}, { username: USERNAME, password: PASSWORD });

    expect(filesUnder(result.directory)).toEqual(['docs/a.md']);
    expect(filesContaining(fixture.cacheDir, PASSWORD)).toEqual([]);
  });

  it('when the password is wrong, then the error names the location and never the password', async () => {
    const wrong = 'wrong-secret-91c2';
    const spec = `git+http://${USERNAME}:${wrong}@${server.url.slice('http://'.length)}/remote.git`;

    const error = await fixture.snapshot(spec).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GitCommandError);
    const { message, stderr } = error as GitCommandError;
    expect(message).toContain(`git ls-remote failed for git+${server.url}/remote.git`);
    expect(message).toContain('The server refused the user name and password given');
    expect(`${message} ${stderr} ${JSON.stringify(error)}`).not.toContain(wrong);
    expect((error as RagshipError).code).toBe('SOURCE_UNAVAILABLE');
  });

  it('when no credentials are given, then git fails at once instead of asking a terminal', async () => {
    const error = await fixture.snapshot(`git+${server.url}/remote.git`).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as Error).message).toContain('The repository asks for a user name and password');
  });
});
