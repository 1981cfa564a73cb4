import type { AdminStatus, GateVerdict, SessionInfo } from '@ragship/server';
import type { ChatMeta } from '../api/chat-contract.ts';

/** A session of an operator key on dev. */
export const operatorSession: SessionInfo = {
  environment: 'dev',
  kbs: ['docs', 'handbook'],
  defaultKb: 'docs',
  actor: 'ops-alice',
  role: 'operator',
  phoenixUrl: 'http://phoenix.test',
  build: { build: 'sha256:1a2b3c4d5e6f7a8b9c0d', gitSha: '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d', version: '0.1.0' },
};

/** The passage the fixture answer quotes. */
export const rollbackChunk =
  'Promotion moves an alias.\nTo undo a promotion, run ragship rollback docs --env prod. It moves the alias back to the previous version in one step.';

/** What answered the fixture question. */
export const answerMeta: ChatMeta = {
  citations: [
    {
      n: 1,
      chunkId: 'docs/rollback.md#0',
      docId: 'docs/rollback.md',
      source: 'docs/rollback.md',
      title: 'Rolling back',
      score: 0.8123,
      snippet: 'Promotion moves an alias.',
      text: rollbackChunk,
    },
    {
      n: 2,
      chunkId: 'docs/aliases.md#3',
      docId: 'docs/aliases.md',
      source: 'docs/aliases.md',
      title: 'Aliases',
      score: 0.61,
      snippet: 'An alias names the version an environment serves.',
      text: 'An alias names the version an environment serves. Aliases move atomically.',
    },
  ],
  kb: 'docs',
  indexVersion: 'v2',
  environment: 'dev',
  model: 'extractive',
  promptVersion: 'p1',
  traceId: '0123456789abcdef0123456789abcdef',
};

/** A gate passed by 0.21 and one refused by 0.05. */
export const gates: GateVerdict[] = [
  {
    metric: 'ndcg@10',
    rule: 'min',
    threshold: 0.5,
    value: 0.71,
    baseline: null,
    passed: true,
    margin: 0.21,
    message: 'ndcg@10 0.71 ≥ 0.5',
  },
  {
    metric: 'recall@10',
    rule: 'maxDrop',
    threshold: 0.02,
    value: 0.8,
    baseline: 0.87,
    passed: false,
    margin: -0.05,
    message: 'recall@10 dropped 0.07, more than 0.02',
  },
];

/** dev (this API) and prod: docs served in both; prod has console promotion off. */
export const adminStatus: AdminStatus = {
  environment: 'dev',
  environments: {
    dev: {
      build: { build: 'sha256:1a2b3c4d5e6f7a8b9c0d', gitSha: '0c1d2e3f4a5b6c7d8e9f', version: '0.1.0' },
      buildUnknown: null,
      consolePromotion: true,
      kbs: {
        docs: {
          version: 'v3',
          promotedAt: new Date(Date.now() - 180_000).toISOString(),
          promotedBy: 'ops-alice',
          ageSeconds: 180,
          previous: 'v2',
          drift: { status: 'ok', score: 0.03, threshold: 0.2, worstSignal: 'top_score', observed: 120 },
          feedback: { up: 4, down: 1 },
        },
      },
    },
    prod: {
      build: null,
      buildUnknown: 'no apiUrl configured',
      consolePromotion: false,
      kbs: {
        docs: {
          version: 'v2',
          promotedAt: new Date(Date.now() - 7_200_000).toISOString(),
          promotedBy: 'ci',
          ageSeconds: 7200,
          previous: null,
          drift: null,
          feedback: { up: 0, down: 2 },
        },
      },
    },
  },
};
