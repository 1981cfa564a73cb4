import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS, type GuardrailSettings } from '@ragship/core';
import { DEFAULT_RETRIEVAL } from '@ragship/retrieval';
import { measureBaseline, type DriftReport } from '@ragship/monitoring';
import { monitoringResponseSchema } from './response-schemas.js';
import { createServedIndexResolver } from './served-index-resolver.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

// The served kb is the repository's own docs, one document per paragraph. In-distribution traffic
// is sentences of those docs; shifted traffic is questions about other subjects, written here.
const DOCS_DIR = fileURLToPath(new URL('../../../docs/', import.meta.url));
const paragraphs = readdirSync(DOCS_DIR)
  .filter((name) => name.endsWith('.md'))
  .flatMap((name) =>
    readFileSync(`${DOCS_DIR}${name}`, 'utf8')
      .split(/\n\s*\n/)
      .filter((paragraph) => paragraph.split(/\s+/).length >= 12)
      .map((paragraph, index) => [`${name}#${index}`, paragraph] as const),
  );
const sentences = paragraphs
  .flatMap(([, paragraph]) => paragraph.split(/(?<=[.?!])\s+/))
  .map((sentence) => sentence.replace(/[`*#|>_[\]()]/g, ' ').trim())
  .filter((sentence) => sentence.split(/\s+/).length >= 6)
  .map((sentence) => sentence.split(/\s+/).slice(0, 12).join(' '));
const OFF_TOPIC = [
  'How long should I boil an egg for a soft yolk?',
  'What is the capital city of Australia?',
  'Which planet has the most moons?',
  'How do I grow tomatoes on a balcony?',
  'Who won the football world cup in 1998?',
  'What is the boiling point of water at high altitude?',
  'How many bones are in the adult human body?',
  'What causes the northern lights?',
  'How do I knit a scarf for beginners?',
  'Which wine goes well with grilled salmon?',
  'What is the tallest mountain in Africa?',
  'How do bees make honey?',
  'When did the Roman empire fall?',
  'What is a good recipe for banana bread?',
  'How fast can a cheetah run?',
  'Why is the sky blue during the day?',
  'How do I remove a red wine stain from a carpet?',
  'What language is spoken in Brazil?',
  'How many players are on a basketball team?',
  'What is the best way to learn the guitar?',
  'Which ocean is the deepest on earth?',
  'How do vaccines train the immune system?',
  'What is the plot of Moby Dick?',
  'How often should I water a cactus?',
  'Who painted the ceiling of the Sistine Chapel?',
];

// The docs document the question screen with the phrases it refuses ("ignore previous
// instructions"); drift is measured on every docs sentence, so the screen stands aside here.
const UNSCREENED = {
  ...DEFAULT_GUARDRAILS,
  questions: { injection: 'allow', toxicity: 'allow', pii: 'allow' },
} satisfies GuardrailSettings;

let fixture: TestApp;
let log: string[];
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(Object.fromEntries(paragraphs)), null);
  log = [];
});
afterEach(() => fixture.close());

const settings = { threshold: 0.25, window: 100, trafficBaseline: 0 };
const logger = () => pino({ level: 'info' }, { write: (line: string) => void log.push(line) });

async function retrieveAll(app: ReturnType<TestApp['app']>, queries: readonly string[]): Promise<void> {
  for (const query of queries) {
    const response = await request(app).post('/v1/retrieve').send({ query });
    expect(response.status).toBe(200);
  }
}
async function monitoring(app: ReturnType<TestApp['app']>): Promise<DriftReport> {
  const { body } = await request(app).get('/v1/monitoring');
  expect(monitoringResponseSchema.safeParse(body).error).toBeUndefined();
  return (body as { environment: string; drift: DriftReport[] }).drift[0]!;
}

describe('drift monitoring of served traffic', () => {
  it('when traffic is like the baseline, then GET /v1/monitoring says ok; when it turns to other subjects, then drift, once in the log, and on /metrics', async () => {
    expect(sentences.length).toBeGreaterThan(250);
    const app = fixture.app({ drift: settings, logger: logger(), guardrails: UNSCREENED });
    // The baseline as a promotion records it: the query set retrieved against the version.
    const served = await createServedIndexResolver({
      registry: fixture.registry,
      store: fixture.store,
      environment: 'dev',
      refreshMs: 1000,
      background: false,
    }).resolve('docs');
    const baseline = await measureBaseline({
      target: served,
      querySet: { queries: sentences.filter((_, at) => at % 2 === 0), fingerprint: 'even', source: 'docs sentences' },
      retrieval: DEFAULT_RETRIEVAL,
    });
    await fixture.registry.monitoring.putBaseline({
      kb: 'docs',
      version: served.version,
      environment: 'dev',
      data: baseline,
    });

    // 100 of the other sentences, spread over every doc as the baseline is (the first 100 would
    // come from the first few docs alone).
    const others = sentences.filter((_, at) => at % 2 === 1);
    const stride = Math.floor(others.length / 100);
    await retrieveAll(app, others.filter((_, at) => at % stride === 0).slice(0, 100));
    const calm = await monitoring(app);
    expect(calm).toMatchObject({ kb: 'docs', indexVersion: 'v1', status: 'ok', window: { observations: 100 } });
    expect(calm.score).toBeLessThan(0.25);

    await retrieveAll(app, [...OFF_TOPIC, ...OFF_TOPIC, ...OFF_TOPIC, ...OFF_TOPIC]);
    const shifted = await monitoring(app);
    expect(shifted.status).toBe('drift');
    expect(shifted.score).toBeGreaterThan(0.25);
    expect(shifted.signals.coverage.liveMedian).toBeLessThan(shifted.signals.coverage.baselineMedian!);
    const warnings = log.filter((line) => line.includes('retrieval drift on docs@v1:'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, kb: 'docs', indexVersion: 'v1', threshold: 0.25 });
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toContain('ragship_drift_status{kb="docs",index_version="v1",status="drift"} 1');
    expect(metrics).toContain('ragship_drift_status{kb="docs",index_version="v1",status="ok"} 0');
    expect(metrics).toMatch(/ragship_drift_psi\{kb="docs",index_version="v1",signal="coverage"\} [\d.]+/);
  });

  it('when no baseline was recorded, then the first traffic becomes it and later traffic is compared with it', async () => {
    const app = fixture.app({ drift: { ...settings, trafficBaseline: 150 }, logger: logger(), guardrails: UNSCREENED });
    await retrieveAll(app, sentences.slice(0, 100));
    expect(await monitoring(app)).toMatchObject({ status: 'baselining', baseline: null, observed: 100 });
    await retrieveAll(app, sentences.slice(100, 250));
    const report = await monitoring(app);
    expect(report).toMatchObject({ status: 'ok', baseline: { source: 'traffic', samples: 150 } });
    await expect.poll(() => fixture.registry.monitoring.getBaseline('docs', 1, 'dev')).toBeDefined();
  });
});
