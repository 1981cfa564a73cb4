import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIB = path.join(ROOT, 'infra', 'lib', 'ragship.sh');
const run = promisify(execFile);

let bin: string;
beforeEach(() => {
  bin = mkdtempSync(path.join(tmpdir(), 'ragship-cd-scripts-'));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

/** Puts a fake command on PATH that records its arguments and answers from `script`. */
function fakeCommand(name: string, script: string): void {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\necho "$*" >> "${bin}/${name}.calls"\n${script}\n`);
  chmodSync(file, 0o755);
}

/** Runs `body` in sh with infra/lib/ragship.sh sourced and the fakes first on PATH. */
function withLibrary(body: string, env: Record<string, string> = {}) {
  return run('sh', ['-c', `. "${LIB}"\n${body}`], {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, ...env },
  });
}

function calls(name: string): string[] {
  return readFileSync(path.join(bin, `${name}.calls`), 'utf8')
    .trim()
    .split('\n');
}

// The library the CT and CD scripts share: how ragship runs (in a container of the image, or the
// CLI at hand), the cluster Job path CD takes, and reading JSON out of logs. Real docker and
// kubectl are replaced by recording fakes; the rehearsal (npm run rehearse) runs them for real.
describe('infra/lib/ragship.sh', () => {
  it('when RAGSHIP_IMAGE is set, then ragship runs in a throw-away container on the host network with the shipped config and the variables it reads', async () => {
    fakeCommand('docker', 'exit 0');
    await withLibrary('ragship promote corpus --from dev --to staging', {
      RAGSHIP_IMAGE: 'ghcr.io/acme/ragship@sha256:abc',
      RAGSHIP_DOCKER_ARGS: '-v /srv/golden:/golden:ro',
      CHROMA_URL_STAGING: 'http://127.0.0.1:18001',
    });
    expect(calls('docker')).toEqual([
      [
        'run --rm --network host -v /srv/golden:/golden:ro',
        '-e RAGSHIP_ENV -e RAGSHIP_ACTOR -e RAGSHIP_BUILD -e RAGSHIP_API_KEY -e DATABASE_URL',
        '-e CHROMA_URL_DEV -e CHROMA_URL_STAGING -e CHROMA_URL_PROD',
        '-e PHOENIX_COLLECTOR_ENDPOINT -e PHOENIX_PROJECT_NAME -e PHOENIX_API_KEY',
        'ghcr.io/acme/ragship@sha256:abc --config /app/infra/k8s/base/ragship.config.yaml',
        'promote corpus --from dev --to staging',
      ].join(' '),
    ]);
  });

  it('when the promotion runs as a cluster Job that a gate refuses, then its JSON is read from the log and its exit code is returned', async () => {
    fakeCommand(
      'kubectl',
      [
        'case "$*" in',
        '  *"create job"*) echo "job.batch/ragship-promote-1 created" ;;',
        '  *"get job"*) echo 1 ;;',
        '  *logs*) printf \'gates…\\n{\\n  "to": "v3",\\n  "changed": false\\n}\\nragship: refused\\n\' ;;',
        '  *"get pods"*) echo 3 ;;',
        'esac',
      ].join('\n'),
    );
    const { stdout } = await withLibrary(
      'run_cronjob_now ragship-prod ragship-promote promote > out.json; code=$?; ' +
        'json_field to < out.json; echo "exit $code"; rm out.json',
    );
    expect(stdout.trim().split('\n')).toEqual(['v3', 'exit 3']);
    const [create] = calls('kubectl');
    expect(create).toMatch(/^-n ragship-prod create job ragship-promote-\d+ --from=cronjob\/ragship-promote$/);
  });

  it('when a deploy script is called wrongly, then it says how to call it and exits 2', async () => {
    for (const script of ['promote-and-verify.sh', 'rollback-and-verify.sh', 'ingest-and-promote.sh']) {
      const failure = await run('sh', [path.join(ROOT, 'infra', script), 'only-one']).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure).toMatchObject({ code: 2, stderr: expect.stringMatching(/^usage: /) });
    }
  });
});
