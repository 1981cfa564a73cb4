import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from './testing/test-app.js';

let fixture: TestApp;
let root: string;

beforeEach(() => {
  fixture = createTestApp();
  root = mkdtempSync(path.join(tmpdir(), 'ragship-web-'));
});
afterEach(async () => {
  await fixture.close();
  rmSync(root, { recursive: true, force: true });
});

function writeBuild(): void {
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<title>ragship chat</title>');
  writeFileSync(path.join(root, 'ops.html'), '<title>ragship console</title>');
  writeFileSync(path.join(root, 'assets', 'chat-1a2b.js'), 'export {};');
}

describe('web pages', () => {
  it('when the web app is built, then / is the chat page, every /ops path the console, and assets are cached for good', async () => {
    writeBuild();
    const app = fixture.app({ webRoot: root, keys: ['reader-key-0123456789'] });
    const chat = await request(app).get('/');
    expect(chat.status).toBe(200);
    expect(chat.text).toContain('ragship chat');
    expect(chat.headers['cache-control']).toBe('no-cache');
    expect(chat.headers['content-security-policy']).toContain("script-src 'self'");
    for (const page of ['/ops', '/ops/kbs/docs/versions/v2', '/ops/history?kb=docs']) {
      expect((await request(app).get(page)).text).toContain('ragship console');
    }
    const asset = await request(app).get('/assets/chat-1a2b.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(app).get('/assets/missing.js')).status).toBe(404);
    expect((await request(app).get('/opsx')).body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('when the web app is not built, then / answers 404 saying how to build it', async () => {
    const response = await request(fixture.app({ webRoot: root })).get('/ops');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/The web app is not built .* run npm run build/);
  });
});
