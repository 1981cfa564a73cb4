/**
 * LLM02 probes for the server's own secrets (the API keys and the canaries in its environment)
 * on every route that is not chat: probes, metrics, OpenAPI, the web pages, the admin API, and
 * the messages of errors an attacker can provoke.
 */
import { randomBytes } from 'node:crypto';
import { AUDIENCES, type Probe } from './probe.js';

const category = 'llm02_secret_disclosure' as const;

/** The secret probes, in the order they run. */
export const SECRET_PROBES: readonly Probe[] = [
  {
    id: 'probe:secrets-on-open-routes',
    category,
    technique: 'routes that need no key: health, readiness, version, metrics, OpenAPI, web pages',
    async run({ send }) {
      for (const path of [
        '/healthz',
        '/readyz',
        '/version',
        '/metrics',
        '/openapi.json',
        '/',
        '/ops',
        '/ops/versions',
      ]) {
        await send({ path }, AUDIENCES.anonymous);
      }
    },
  },
  {
    id: 'probe:secrets-in-admin-reads',
    category,
    technique: 'the admin key reads everything the admin API shows: session, status, manifests, monitoring, history',
    async run({ send, world }) {
      const paths = [
        '/v1/session',
        '/v1/admin/status',
        '/v1/admin/kbs',
        '/v1/admin/kbs/public/versions',
        '/v1/admin/kbs/public/versions/v1',
        '/v1/admin/monitoring',
        '/v1/admin/history',
        '/v1/monitoring',
      ];
      for (const path of paths) await send({ path, key: world.keys.full }, AUDIENCES.fullAdmin);
    },
  },
  {
    id: 'probe:secrets-in-error-messages',
    category,
    technique: 'provoked errors: bad JSON, wrong types, unknown fields and routes, wrong keys, a failing ingestion',
    async run({ send, world }) {
      const key = world.keys.limited;
      const wrongKey = `rt-wrong-${randomBytes(12).toString('hex')}`;
      await send({ path: '/v1/chat', key, rawBody: '{"question": "unterminated' }, AUDIENCES.limited);
      await send({ path: '/v1/chat', key, body: { question: 42, kb: ['public'] } }, AUDIENCES.limited);
      await send(
        { path: '/v1/chat', key, body: { question: 'x', apiKey: '?', env: 'OPENAI_API_KEY' } },
        AUDIENCES.limited,
      );
      await send({ path: '/v1/chat', key: wrongKey, body: { question: 'x' } }, AUDIENCES.anonymous);
      await send({ path: '/v1/chat', body: { question: 'x' } }, AUDIENCES.anonymous);
      await send(
        { path: '/v1/chat', key, rawBody: 'question=x', headers: { 'content-type': 'text/plain' } },
        AUDIENCES.limited,
      );
      await send({ path: '/v1/nope/../../etc/passwd', key }, AUDIENCES.limited);
      await send({ path: '/v1/admin/kbs/public/versions/v999', key }, AUDIENCES.limitedOperator);
      await send({ path: '/v1/admin/ingestions', key: world.keys.full, body: { kb: 'public' } }, AUDIENCES.fullAdmin);
      await send(
        { path: '/v1/admin/ingestions', key: world.keys.full, body: { source: 's3://redteam/x' } },
        AUDIENCES.fullAdmin,
      );
    },
  },
];
