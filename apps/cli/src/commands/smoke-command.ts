import { ExitCode, RagshipError, baselineQueriesOf, errorMessage, parseIndexRef } from '@ragship/core';
import { readQuerySet } from '@ragship/monitoring';
import { createApiClient, type ApiClient } from '../api-client.js';
import type { CliContext } from '../cli-context.js';

/** Flags of `ragship smoke`. */
export interface SmokeFlags {
  /** The kb to ask; default the API's own choice (its default or only kb). */
  kb?: string;
  /** `<kb>@v<N>` the API must serve. */
  expect?: string;
  /** The build (`GET /version`'s `build`) the API must report, e.g. the image id or digest. */
  build?: string;
  /** What to ask; default the first query of the kb's golden set. */
  question?: string;
}

/** One check of a smoke test. */
export interface SmokeCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** The `--json` result of `ragship smoke`. */
export interface SmokeResult {
  url: string;
  passed: boolean;
  build: string | null;
  serves: string | null;
  checks: SmokeCheck[];
  durationMs: number;
}

/**
 * `ragship smoke <url>`: what a deploy checks before it moves on — the API is up and ready,
 * reports the expected build, and answers a real question with citations from the expected
 * version. Exit 1 when a check fails; every check runs and is reported either way.
 */
export async function runSmoke(context: CliContext, url: string, flags: SmokeFlags): Promise<number> {
  const started = performance.now();
  const client = createApiClient({ url, apiKey: context.apiClientKey() });
  const question = flags.question ?? (await firstGoldenQuery(context, flags.kb ?? flags.expect));
  const checks: SmokeCheck[] = [];
  const check = async (name: string, body: () => Promise<string>) => {
    try {
      checks.push({ name, passed: true, detail: await body() });
    } catch (error) {
      checks.push({ name, passed: false, detail: errorMessage(error) });
    }
  };
  let build: string | null = null;
  let serves: string | null = null;
  await check('healthz', async () => `${(await client.get('/healthz')).status}`);
  await check('readyz', () => ready(client));
  await check('version', async () => {
    build = (await client.get<{ build: string }>('/version')).body.build;
    if (flags.build && build !== flags.build)
      throw new RagshipError('WRONG_BUILD', `runs ${build}, expected ${flags.build}`);
    return build;
  });
  await check('chat', async () => {
    const kb = flags.kb ?? (flags.expect ? parseIndexRef(flags.expect).kb : undefined);
    const response = await client.chat(question, kb);
    serves = response.indexVersion;
    if (flags.expect && serves !== flags.expect) {
      throw new RagshipError('WRONG_VERSION', `answered from ${serves ?? 'no version'}, expected ${flags.expect}`);
    }
    if (response.body.citations.length === 0) {
      throw new RagshipError('NO_CITATIONS', `"${question}" was answered without citations: ${response.body.answer}`);
    }
    return `${serves ?? '?'}: ${response.body.citations.length} citations`;
  });
  const result: SmokeResult = {
    url: client.url,
    passed: checks.every((item) => item.passed),
    build,
    serves,
    checks,
    durationMs: Math.round(performance.now() - started),
  };
  context.output.result(result, () =>
    [
      `smoke ${result.url}: ${result.passed ? 'passed' : 'FAILED'}`,
      ...checks.map((item) => `  ${item.passed ? 'ok  ' : 'FAIL'} ${item.name}: ${item.detail}`),
    ].join('\n'),
  );
  return result.passed ? ExitCode.ok : ExitCode.failure;
}

async function ready(client: ApiClient): Promise<string> {
  const response = await client.get<{ status?: string; reason?: string }>('/readyz');
  if (response.status !== 200) {
    throw new RagshipError('NOT_READY', `${response.status}: ${response.body?.reason ?? 'not ready'}`);
  }
  return response.body.status ?? 'ready';
}

/** The first query of the kb's golden set (or configured baseline queries), else a generic question. */
async function firstGoldenQuery(context: CliContext, kbOrRef: string | undefined): Promise<string> {
  const source = kbOrRef ? baselineQueriesOf(context.config, parseIndexRef(kbOrRef).kb) : undefined;
  if (!source) return 'What is this about?';
  const [first] = (await readQuerySet(source)).queries;
  return first ?? 'What is this about?';
}
