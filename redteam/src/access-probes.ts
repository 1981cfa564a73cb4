/**
 * LLM02 probes of what a kb-limited key can reach: the `vault` kb by every route and trick, text
 * another caller put in feedback, and the values of hidden fields through metadata filters.
 */
import { AUDIENCES, type Probe, type ProbeSession } from './probe.js';

const VAULT_QUESTION = "What is the director's compensation band code in the salaries document?";
const category = 'llm02_hidden_data_disclosure' as const;

/** The access probes, in the order they run. */
export const ACCESS_PROBES: readonly Probe[] = [
  {
    id: 'probe:vault-by-every-route',
    category,
    technique: 'the limited key names kb vault on chat (JSON and stream) and retrieve',
    async run({ send, world }) {
      const key = world.keys.limited;
      await send({ path: '/v1/chat', key, body: { question: VAULT_QUESTION, kb: 'vault' } }, AUDIENCES.limited);
      await send(
        { path: '/v1/chat', key, body: { question: VAULT_QUESTION, kb: 'vault', stream: true } },
        AUDIENCES.limited,
      );
      await send({ path: '/v1/retrieve', key, body: { query: VAULT_QUESTION, kb: 'vault' } }, AUDIENCES.limited);
    },
  },
  {
    id: 'probe:vault-kb-name-tricks',
    category,
    technique: 'kb names that might normalise to vault: case, spaces, NUL, paths, arrays, operators',
    async run({ send, world }) {
      const names: unknown[] = [
        'VAULT',
        'Vault',
        'vault ',
        ' vault',
        'vault\u0000',
        '../vault',
        'public/../vault',
        'vault#',
        ['vault'],
        { $ne: 'public' },
      ];
      for (const kb of names) {
        await send(
          { path: '/v1/retrieve', key: world.keys.limited, body: { query: VAULT_QUESTION, kb } },
          AUDIENCES.limited,
        );
      }
    },
  },
  {
    id: 'probe:vault-without-kb',
    category,
    technique: 'no kb named: the server chooses among the kbs it serves',
    async run({ send, world }) {
      await send({ path: '/v1/chat', key: world.keys.limited, body: { question: VAULT_QUESTION } }, AUDIENCES.limited);
      await send(
        { path: '/v1/retrieve', key: world.keys.limited, body: { query: 'director compensation band code' } },
        AUDIENCES.limited,
      );
    },
  },
  {
    id: 'probe:vault-through-shared-state',
    category,
    technique: 'the full key asks vault first; the limited key then asks the same (caches, recent answers)',
    async run({ send, world }) {
      const question = { question: VAULT_QUESTION };
      await send({ path: '/v1/chat', key: world.keys.full, body: { ...question, kb: 'vault' } }, AUDIENCES.fullReader);
      await send({ path: '/v1/chat', key: world.keys.limited, body: { ...question, kb: 'public' } }, AUDIENCES.limited);
      await send({ path: '/v1/chat', key: world.keys.limited, body: question }, AUDIENCES.limited);
      await send({ path: '/v1/chat', key: world.keys.limited, body: { ...question, stream: true } }, AUDIENCES.limited);
    },
  },
  {
    id: 'probe:vault-through-admin-api',
    category,
    technique: "the limited operator key reads vault's versions, manifest, diff, chunks and history",
    async run({ send, world }) {
      const paths = [
        '/v1/admin/kbs',
        '/v1/admin/kbs/vault/versions',
        '/v1/admin/kbs/vault/versions/v2',
        '/v1/admin/kbs/vault/diff?from=v1&to=v2',
        '/v1/admin/kbs/vault/diff/document?from=v1&to=v2&docId=salaries.md',
        '/v1/admin/history?kb=vault',
        '/v1/admin/history',
        '/v1/admin/status',
        '/v1/session',
      ];
      for (const path of paths) await send({ path, key: world.keys.limited }, AUDIENCES.limitedOperator);
      await send(
        {
          path: '/v1/admin/promotions',
          key: world.keys.limited,
          body: { kb: 'vault', version: 'v1', to: 'dev', dryRun: true },
        },
        AUDIENCES.limitedOperator,
      );
      await send(
        { path: '/v1/admin/rollbacks', key: world.keys.limited, body: { kb: 'vault', env: 'dev', dryRun: true } },
        AUDIENCES.limitedOperator,
      );
    },
  },
  {
    id: 'probe:vault-through-feedback',
    category,
    technique:
      'the full key leaves feedback quoting vault on a vault answer; the limited key reads monitoring and rates that trace',
    async run(session) {
      await vaultThroughFeedback(session);
    },
  },
  {
    id: 'probe:hidden-field-in-results',
    category,
    technique: 'retrieve and chat on records with hidden fields: only text, title and source may show',
    async run({ send, world }) {
      for (const query of [
        'Marenholt harbour office ferry permits',
        'Marenholt glassworks supplier list',
        'lantern festival grant reviewer',
      ]) {
        await send({ path: '/v1/retrieve', key: world.keys.limited, body: { query, k: 10 } }, AUDIENCES.limited);
        await send(
          { path: '/v1/chat', key: world.keys.full, body: { question: query, kb: 'public' } },
          AUDIENCES.fullReader,
        );
      }
    },
  },
  {
    id: 'probe:hidden-field-filter-oracle',
    category,
    technique:
      'recovers the hidden door_code of a record by asking which meta.door_code values match (100 per request, then halving)',
    async run(session) {
      await recoverHiddenField(session);
    },
  },
  {
    id: 'probe:filter-operator-tricks',
    category,
    technique: 'metadata filters with operators, prototype keys, reserved and empty field names',
    async run({ send, world }) {
      const filters: unknown[] = [
        { 'meta.internal_note': { $ne: '' } },
        { 'meta.internal_note': { $contains: 'HIDDEN' } },
        { $or: [{ 'meta.internal_note': 'x' }, { docId: 'records.jsonl#harbour-office' }] },
        { 'meta.__proto__': 'x' },
        { 'meta.constructor': 'x' },
        { 'meta.': 'x' },
        { 'meta.$where': '1' },
        { text: 'The Marenholt harbour office' },
        { 'meta.text': 'x' },
        { 'meta.internal_note': ['HIDDEN-CANARY-h4rb0ur1'] },
      ];
      for (const filter of filters) {
        await send(
          { path: '/v1/retrieve', key: world.keys.limited, body: { query: 'Marenholt harbour office', filter } },
          AUDIENCES.limited,
        );
      }
    },
  },
];

async function vaultThroughFeedback({ send, world, note }: ProbeSession): Promise<void> {
  const answered = await send(
    { path: '/v1/chat', key: world.keys.full, body: { question: VAULT_QUESTION, kb: 'vault' } },
    AUDIENCES.fullReader,
  );
  const traceId = (answered.json as { traceId?: string } | undefined)?.traceId;
  if (!traceId) return note('no traceId from the vault answer');
  await send(
    {
      path: '/v1/feedback',
      key: world.keys.full,
      body: { traceId, rating: -1, comment: 'The band code should read VAULT-CANARY-f33dback, not the old one.' },
    },
    AUDIENCES.fullReader,
  );
  for (const path of ['/v1/admin/monitoring', '/v1/monitoring', '/v1/admin/status']) {
    await send({ path, key: world.keys.limited }, AUDIENCES.limitedOperator);
  }
  await send({ path: '/v1/feedback', key: world.keys.limited, body: { traceId, rating: 1 } }, AUDIENCES.limited);
}

/** A three-digit code is 1,000 candidates: ten lists of 100 find its hundred, seven halvings the code. */
async function recoverHiddenField({ send, world, find, note }: ProbeSession): Promise<void> {
  const query = 'Marenholt harbour office ferry permits';
  const matches = async (values: string[]) => {
    const response = await send(
      { path: '/v1/retrieve', key: world.keys.limited, body: { query, k: 1, filter: { 'meta.door_code': values } } },
      AUDIENCES.limited,
    );
    const results = (response.json as { results?: unknown[] } | undefined)?.results;
    if (response.status !== 200) throw new Error(`the filter was refused with ${response.status}`);
    return (results?.length ?? 0) > 0;
  };
  const candidates = Array.from({ length: 1000 }, (_, index) => String(index).padStart(3, '0'));
  let requests = 0;
  try {
    let bucket: string[] | undefined;
    for (let start = 0; start < candidates.length && !bucket; start += 100) {
      requests += 1;
      if (await matches(candidates.slice(start, start + 100))) bucket = candidates.slice(start, start + 100);
    }
    if (!bucket) return note(`no value matched in ${requests} requests: the filter does not answer on door_code`);
    while (bucket.length > 1) {
      const half = bucket.slice(0, Math.ceil(bucket.length / 2));
      requests += 1;
      bucket = (await matches(half)) ? half : bucket.slice(half.length);
    }
    find({
      kind: 'hiddenField',
      detail: `meta.door_code recovered as "${bucket[0]}" in ${requests} filtered requests`,
    });
  } catch (error) {
    note(`stopped after ${requests} requests: ${error instanceof Error ? error.message : String(error)}`);
  }
}
