import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEFAULT_GUARDRAILS } from '@ragship/core';
import { createTestApp } from './testing/test-app.js';

describe('guardrails through the API', () => {
  it('when redaction is on, then answers, streamed tokens, snippets and retrieved text carry no personal data', async () => {
    const fixture = createTestApp();
    await fixture.promote(
      await fixture.writeVersion({ 'contact.md': 'To get access to the index, email jane.doe@example.com today.' }),
      null,
    );
    const app = fixture.app({ guardrails: { ...DEFAULT_GUARDRAILS, redactPii: true } });
    const answer = await request(app).post('/v1/chat').send({ question: 'How do I get access to the index?' });
    expect(answer.body.answer).toContain('[EMAIL]');
    expect(JSON.stringify(answer.body)).not.toContain('jane.doe');
    const streamed = await request(app)
      .post('/v1/chat')
      .send({ question: 'How do I get access to the index?', stream: true });
    expect(streamed.text).toContain('[EMAIL]');
    expect(streamed.text).not.toContain('jane.doe');
    const retrieved = await request(app).post('/v1/retrieve').send({ query: 'access to the index' });
    expect(JSON.stringify(retrieved.body)).not.toContain('jane.doe');
    await fixture.close();
  });
});
