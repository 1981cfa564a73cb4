import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DocumentDiff, VersionDetail, VersionDiff } from '@ragship/server';
import { consoleRoutes, docsVersions, promotionAudit } from '../testing/console-routes.ts';
import { createFakeFetch, errorBody, jsonResponse, type RouteHandler } from '../testing/fake-fetch.ts';
import { adminStatus, operatorSession } from '../testing/fixtures.ts';
import { renderWithApi } from '../testing/render-with-api.tsx';
import { ConsoleApp } from './console-app.tsx';

function openConsole(path: string, routes: Record<string, RouteHandler> = {}) {
  history.replaceState(null, '', path);
  const fetch = createFakeFetch({ ...consoleRoutes(), ...routes });
  renderWithApi(<ConsoleApp />, fetch, { queries: true });
  return { fetch, user: userEvent.setup() };
}

const versionDetail: VersionDetail = {
  kb: 'docs',
  summary: docsVersions[1]!,
  manifest: null,
  rejected: [{ docId: 'notes/empty.md', rule: 'empty', reason: 'The document has no text.' }],
  flagged: [],
};

describe('ConsoleApp', () => {
  it('when the key is a reader’s, then the console says it cannot be used and reads nothing else', async () => {
    const { fetch } = openConsole('/ops', {
      'GET /v1/session': () => jsonResponse(200, { ...operatorSession, role: 'reader' }),
    });
    expect(
      await screen.findByText('Your key (role reader) cannot use the console; ask for an operator key.'),
    ).toBeTruthy();
    expect(fetch.calls.map((call) => call.url)).toEqual(['/v1/session']);
  });

  it('when the API needs a key, then the console asks for one', async () => {
    openConsole('/ops', { 'GET /v1/session': () => jsonResponse(401, errorBody('UNAUTHORIZED', 'Key required.')) });
    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
  });

  it('when a rollback is confirmed, then it is posted, the new version and audit entry show, and the status is read again', async () => {
    const { fetch, user } = openConsole('/ops', {
      'POST /v1/admin/rollbacks': () =>
        jsonResponse(200, {
          result: {
            kb: 'docs',
            environment: 'dev',
            from: 'v3',
            to: 'v2',
            action: 'rollback',
            dryRun: false,
            changed: true,
            durationMs: 4,
          },
          audit: { ...promotionAudit, action: 'rollback', from: 'v3', to: 'v2', gates: [] },
        }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Environments' })).toBeTruthy();
    expect(await screen.findByText('Cited the wrong page')).toBeTruthy();

    await user.click(await screen.findByRole('button', { name: 'Roll back docs@dev…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roll back' });
    expect(within(dialog).getByText('Roll back docs@dev from v3 to v2?')).toBeTruthy();
    const statusReads = fetch.calls.filter((call) => call.url === '/v1/admin/status').length;
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    expect(await within(dialog).findByText('docs@dev now serves v2')).toBeTruthy();
    expect(within(dialog).getByText('rollback')).toBeTruthy();
    const posted = fetch.calls.find((call) => call.url === '/v1/admin/rollbacks')!;
    expect(JSON.parse(posted.body!)).toEqual({ kb: 'docs', env: 'dev' });
    await waitFor(() =>
      expect(fetch.calls.filter((call) => call.url === '/v1/admin/status').length).toBeGreaterThan(statusReads),
    );
  });

  it('when going from the kb list to a version and comparing, then a changed document shows its chunks side by side', async () => {
    const diff: VersionDiff = {
      kb: 'docs',
      from: 'v2',
      to: 'v3',
      added: ['new.md'],
      changed: ['guide.md'],
      removed: [],
      unchanged: 10,
    };
    const documentDiff: DocumentDiff = {
      kb: 'docs',
      docId: 'guide.md',
      from: 'v2',
      to: 'v3',
      before: [
        { chunkId: 'guide.md#0', text: 'Kept paragraph.' },
        { chunkId: 'guide.md#1-old', text: 'Old wording.' },
      ],
      after: [
        { chunkId: 'guide.md#0', text: 'Kept paragraph.' },
        { chunkId: 'guide.md#1-new', text: 'New wording.' },
      ],
    };
    const { user, fetch } = openConsole('/ops/kbs', {
      'GET /v1/admin/kbs/docs/versions/v3': () => jsonResponse(200, versionDetail),
      'GET /v1/admin/kbs/docs/diff?from=v2&to=v3': () => jsonResponse(200, diff),
      'GET /v1/admin/kbs/docs/diff/document?from=v2&to=v3&docId=guide.md': () => jsonResponse(200, documentDiff),
    });
    await user.click(await screen.findByRole('link', { name: 'docs' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'docs: versions' })).toBeTruthy();
    expect(location.pathname).toBe('/ops/kbs/docs');
    expect(screen.getAllByText('ndcg@10 0.712').length).toBeGreaterThan(0);

    await user.click(screen.getByRole('link', { name: 'v3' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'docs@v3' })).toBeTruthy();
    expect(await screen.findByText('The document has no text.')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Compare with' }), 'v2');
    expect(location.search).toBe('?compare=v2');
    await user.click(await screen.findByRole('button', { name: 'guide.md' }));

    const before = (await screen.findByRole('heading', { name: 'Before (v2)' })).parentElement!;
    const after = screen.getByRole('heading', { name: 'After (v3)' }).parentElement!;
    expect(within(before).getByText('only in v2').closest('li')!.textContent).toContain('Old wording.');
    expect(within(after).getByText('only in v3').closest('li')!.textContent).toContain('New wording.');
    expect(within(after).getByText('Kept paragraph.').closest('li')!.textContent).not.toContain('only in');
    expect(fetch.calls.some((call) => call.url.startsWith('/v1/admin/kbs/docs/diff/document'))).toBe(true);
  });

  it('when the history is filtered by kb, then the filter goes into the URL and the request', async () => {
    const { fetch, user } = openConsole('/ops/history');
    expect(await screen.findByText('v2 → v3')).toBeTruthy();
    expect(screen.getByText(/build sha256:1a2b3c4d5e6f/)).toBeTruthy();
    await screen.findByRole('option', { name: 'docs' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Knowledge base' }), 'docs');

    expect(location.search).toBe('?kb=docs');
    await waitFor(() =>
      expect(fetch.calls.some((call) => call.url === '/v1/admin/history?limit=100&kb=docs')).toBe(true),
    );
  });

  it('when the status arrives, then the environments are the columns of the matrix', async () => {
    openConsole('/ops/environments');
    const table = await screen.findByRole('table', { name: 'What each environment serves' });
    expect(within(table).getAllByRole('columnheader')).toHaveLength(1 + Object.keys(adminStatus.environments).length);
  });
});
