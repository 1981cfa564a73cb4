import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { AdminMonitoring, ErrorResponse } from '@ragship/server';
import { OPERATOR_KEY, READER_KEY, WebAppWorkspace, browserMissing } from './web-app-workspace.js';

// The user's path through the web app, in a real browser against a real API, two real Chroma
// servers (dev and prod) and a SQLite registry: ask → streamed answer with citations → open a
// citation → thumbs down with a reason → a second version ingested → its diff → promote it from
// dev to prod after the dry run → the chat page answers from v2 → roll back → v1.
const skip = browserMissing();
test.skip(skip !== null, `reason: ${skip}`);
test.describe.configure({ mode: 'serial' });

let app: WebAppWorkspace;
test.beforeAll(async () => {
  test.setTimeout(240_000);
  app = await WebAppWorkspace.start();
});
test.afterAll(async () => {
  await app?.stop();
});

/** No axe violation of WCAG 2 A and AA on the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = WebAppWorkspace.screenshot(name);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: false });
}

/** Opens a page and enters the key when the API asks for one (once per browser session). */
async function open(page: Page, url: string, key = OPERATOR_KEY): Promise<void> {
  const session = page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/session');
  await page.goto(url);
  if ((await session).status() !== 401) return;
  const keyField = page.getByRole('textbox', { name: 'API key' });
  await keyField.fill(key);
  await keyField.press('Enter');
}

async function ask(page: Page, question: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Question' }).fill(question);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Asks in a new chat until the answer comes from `version` (the API follows the alias within a second or so). */
async function expectChatAnsweredBy(page: Page, version: RegExp): Promise<void> {
  await open(page, app.api.url);
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: 'New chat' }).click();
      await ask(page, 'How do I roll back an index?');
      return page.getByTestId('answered-by').textContent();
    })
    .toMatch(version);
}

test('when a question is asked, then the answer streams with citations, a citation opens, and feedback is stored', async ({
  page,
}) => {
  const started = Date.now();
  await open(page, app.api.url);
  await expect(page.getByTestId('environment')).toContainText('prod');
  const firstLoadMs = Date.now() - started;
  test.info().annotations.push({ type: 'first load (ms, key entry included)', description: String(firstLoadMs) });

  await ask(page, 'How do I roll back an index?');
  await expect(page.getByTestId('answered-by')).toHaveText(/docs@v1/);
  await page.getByRole('button', { name: 'Citation 1' }).first().click();
  const panel = page.getByRole('complementary', { name: /Citation/ });
  await expect(panel).toBeVisible();
  await expect(panel.locator('mark')).not.toHaveCount(0);
  await expect(panel).toContainText('docs@v1');
  await expect(page.getByRole('link', { name: 'View trace' })).toHaveAttribute(
    'href',
    /^http:\/\/127\.0\.0\.1:6006\/redirects\/traces\/[0-9a-f]{32}$/,
  );
  await expectAccessible(page);
  await screenshot(page, 'chat');

  await page.getByRole('button', { name: 'Not helpful' }).first().click();
  await page.getByRole('textbox', { name: 'Reason' }).fill('It should say which environment to name');
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.getByText(/feedback recorded/i)).toBeVisible();
  const monitoring = await page.request.get(`${app.api.url}/v1/admin/monitoring`, {
    headers: { Authorization: `Bearer ${OPERATOR_KEY}` },
  });
  expect(((await monitoring.json()) as AdminMonitoring).feedback.recent[0]).toMatchObject({
    rating: -1,
    comment: 'It should say which environment to name',
    version: 'v1',
  });
});

test('when a second version is ingested, then the console diffs it, promotes it to prod after the dry run, and rolls it back', async ({
  page,
}) => {
  app.workspace.writeDoc(
    'rolling-back.md',
    '# Rolling back an index\n\n## How do I roll back an index?\n\n' +
      'Run `ragship rollback docs --env prod`. The alias moves back to the version it served before; nothing is copied.\n',
  );
  await app.workspace.json(['ingest', 'docs', '--kb', 'docs', '--env', 'dev']);
  await app.workspace.json(['promote', 'docs@v2', '--to', 'dev']);

  await open(page, `${app.api.url}/ops/kbs/docs/versions/v2`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('docs@v2');
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('v1');
  await expect(page.getByText('rolling-back.md')).toBeVisible();
  await page.getByRole('button', { name: 'rolling-back.md' }).click();
  await expect(page.getByText('nothing is copied').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'console-version');

  await open(page, `${app.api.url}/ops`);
  await expect(page.getByText('It should say which environment to name')).toBeVisible();
  await page.getByRole('button', { name: 'Promote docs to prod…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Target environment' }).selectOption('prod');
  await dialog.getByRole('combobox', { name: 'Version' }).selectOption({ label: 'what dev serves (v2)' });
  await dialog.getByRole('button', { name: 'Plan (dry run)' }).click();
  await expect(dialog.getByText('documents')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'console-promote');
  await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(dialog.getByText('release-manager')).toBeVisible();
  await expect(dialog).toContainText('v2');
  await page.keyboard.press('Escape');
  await expectAccessible(page);
  await screenshot(page, 'console-environments');

  await expectChatAnsweredBy(page, /docs@v2/);

  await open(page, `${app.api.url}/ops`);
  await page.getByRole('button', { name: 'Roll back docs@prod…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText(/now serves v1/);

  await expectChatAnsweredBy(page, /docs@v1/);

  await open(page, `${app.api.url}/ops/history`);
  await expect(page.getByText('rollback').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'console-history');
  await open(page, `${app.api.url}/ops/kbs`);
  await expect(page.getByRole('link', { name: 'docs' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'console-kbs');
  await open(page, `${app.api.url}/ops/kbs/docs`);
  await expect(page.getByRole('link', { name: 'v2' }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'console-versions');
});

test('when the console and the CLI promote, then the audit entries read alike, and a reader key is refused', async ({
  page,
}) => {
  const history = await app.workspace.json<{ actor: string; action: string; details: Record<string, unknown> }[]>([
    'history',
    'docs',
    '--env',
    'prod',
  ]);
  const [rollback, consolePromotion, cliPromotion] = history;
  expect(rollback).toMatchObject({ action: 'rollback', actor: 'release-manager', from: 'v2', to: 'v1' });
  expect(consolePromotion).toMatchObject({ action: 'promote', actor: 'release-manager', from: 'v1', to: 'v2' });
  expect(cliPromotion).toMatchObject({ action: 'promote', actor: 'e2e', to: 'v1' });
  expect(Object.keys(consolePromotion?.details ?? {}).sort()).toEqual(Object.keys(cliPromotion?.details ?? {}).sort());

  const refused = await page.request.post(`${app.api.url}/v1/admin/promotions`, {
    headers: { Authorization: `Bearer ${READER_KEY}` },
    data: { kb: 'docs', version: 'v2', to: 'prod' },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as ErrorResponse).error.code).toBe('FORBIDDEN');
  const rollback403 = await page.request.post(`${app.api.url}/v1/admin/rollbacks`, {
    headers: { Authorization: `Bearer ${READER_KEY}` },
    data: { kb: 'docs', env: 'prod' },
  });
  expect(rollback403.status()).toBe(403);
});
