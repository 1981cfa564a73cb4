import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { chatRequestSchema } from './request-schemas.js';
import { chatResponseSchema, errorResponseSchema, retrieveResponseSchema } from './response-schemas.js';
import { capturingLogger } from './testing/capturing-logger.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

const KEY = 'test-key-0123456789abcdef';
const OTHER_KEY = 'other-key-0123456789abcdef';
const DOCS = { 'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.' };

let fixture: TestApp;
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(DOCS), null);
});
afterEach(() => fixture.close());

describe('API keys', () => {
  it('when keys are configured, then /v1 needs a valid bearer key, health stays open, and no log line holds a key', async () => {
    const lines: string[] = [];
    const app = fixture.app({ keys: [KEY, OTHER_KEY], logger: capturingLogger(lines) });
    const missing = await request(app).post('/v1/retrieve').send({ query: 'roll back' });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(errorResponseSchema.parse(missing.body).error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: /Authorization: Bearer/,
    });
    const wrong = await request(app)
      .post('/v1/retrieve')
      .set('Authorization', `Bearer ${KEY}x`)
      .send({ query: 'roll back' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('The API key is not valid.');
    const basic = await request(app)
      .post('/v1/retrieve')
      .set('Authorization', `Basic ${KEY}`)
      .send({ query: 'roll back' });
    expect(basic.status).toBe(401);
    for (const key of [KEY, OTHER_KEY]) {
      const ok = await request(app)
        .post('/v1/retrieve')
        .set('Authorization', `Bearer ${key}`)
        .send({ query: 'roll back' });
      expect(ok.status).toBe(200);
    }
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect((await request(app).get('/openapi.json')).status).toBe(200);
    const log = lines.join('');
    expect(log).toContain('"status":401');
    expect(log).toContain('"client":"key-2"');
    expect(log).not.toContain('key-0123456789');
  });

  it('when no keys are configured, then /v1 is open', async () => {
    expect((await request(fixture.app()).post('/v1/retrieve').send({ query: 'roll back' })).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('when a key goes over its limit, then it gets 429 with Retry-After while another key is still served', async () => {
    const app = fixture.app({ keys: [KEY, OTHER_KEY], requestsPerMinute: 3 });
    const send = (key: string) =>
      request(app).post('/v1/retrieve').set('Authorization', `Bearer ${key}`).send({ query: 'roll back' });
    for (let index = 0; index < 3; index++) expect((await send(KEY)).status).toBe(200);
    const limited = await send(KEY);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(errorResponseSchema.parse(limited.body).error).toMatchObject({
      code: 'RATE_LIMITED',
      message: /3 per minute/,
    });
    expect((await send(OTHER_KEY)).status).toBe(200);
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('when there are no keys, then the limit is per client IP', async () => {
    const app = fixture.app({ requestsPerMinute: 2 });
    const statuses = [];
    for (let index = 0; index < 3; index++)
      statuses.push((await request(app).post('/v1/retrieve').send({ query: 'x' })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('CORS', () => {
  it('when an origin is allowed, then preflight and responses carry its headers; other origins get none', async () => {
    const app = fixture.app({ corsOrigins: ['https://app.example.com'] });
    const preflight = await request(app)
      .options('/v1/chat')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const response = await request(app)
      .post('/v1/retrieve')
      .set('Origin', 'https://app.example.com')
      .send({ query: 'x' });
    expect(response.headers['access-control-expose-headers']).toMatch(/X-Index-Version/);
    const other = await request(app).post('/v1/retrieve').set('Origin', 'https://evil.example').send({ query: 'x' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when no origins are configured, then no CORS headers are sent', async () => {
    const response = await request(fixture.app())
      .post('/v1/retrieve')
      .set('Origin', 'https://app.example.com')
      .send({ query: 'x' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('validation and headers', () => {
  it('when a response is sent, then it carries security headers and a request id', async () => {
    const response = await request(fixture.app())
      .post('/v1/retrieve')
      .set('X-Request-Id', 'abc-123')
      .send({ query: 'x' });
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /openapi.json', () => {
  it('when fetched, then it describes the routes from the same schemas, and real responses match them', async () => {
    const app = fixture.app({ keys: [KEY] });
    const document = (await request(app).get('/openapi.json')).body as {
      openapi: string;
      paths: Record<
        string,
        {
          post?: {
            requestBody: {
              content: { 'application/json': { schema: { properties: object; additionalProperties: boolean } } };
            };
            responses: Record<string, unknown>;
          };
        }
      >;
      components: { securitySchemes?: object };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/chat',
        '/v1/retrieve',
        '/v1/feedback',
        '/v1/monitoring',
        '/healthz',
        '/readyz',
        '/version',
        '/metrics',
      ]),
    );
    const chat = document.paths['/v1/chat']!.post!;
    const schema = chat.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(chatRequestSchema.shape).sort());
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(chat.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413', '429', '503']));
    expect(document.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });

    const auth = { Authorization: `Bearer ${KEY}` };
    const answer = await request(app).post('/v1/chat').set(auth).send({ question: 'How do I roll back?' });
    expect(chatResponseSchema.safeParse(answer.body).error).toBeUndefined();
    const results = await request(app).post('/v1/retrieve').set(auth).send({ query: 'roll back' });
    expect(retrieveResponseSchema.safeParse(results.body).error).toBeUndefined();
  });
});
