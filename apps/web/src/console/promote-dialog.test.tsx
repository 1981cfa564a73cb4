import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PromotionRequest } from '@ragship/server';
import { consoleRoutes, dryRunPlan, promotionAudit } from '../testing/console-routes.ts';
import {
  createFakeFetch,
  errorBody,
  jsonResponse,
  serverSentEvents,
  type RouteHandler,
} from '../testing/fake-fetch.ts';
import { adminStatus, gates } from '../testing/fixtures.ts';
import { renderWithApi } from '../testing/render-with-api.tsx';
import { PromoteDialog } from './promote-dialog.tsx';

function renderDialog(promotions: RouteHandler) {
  const fetch = createFakeFetch({ ...consoleRoutes(), 'POST /v1/admin/promotions': promotions });
  renderWithApi(
    <PromoteDialog
      status={adminStatus}
      kbs={['docs']}
      initial={{ kb: 'docs', environment: 'dev' }}
      onClose={() => {}}
    />,
    fetch,
    { queries: true },
  );
  const promotionBodies = () =>
    fetch.calls
      .filter((call) => call.url === '/v1/admin/promotions')
      .map((call) => JSON.parse(call.body!) as PromotionRequest);
  return { fetch, promotionBodies, user: userEvent.setup() };
}

const isDryRun = (body: string | null) => (JSON.parse(body ?? '{}') as PromotionRequest).dryRun === true;

describe('PromoteDialog', () => {
  it('when the dry run is planned, then each gate shows with its signed margin and the segments with the chunks to copy', async () => {
    const { user, promotionBodies } = renderDialog(() => jsonResponse(200, dryRunPlan));
    const version = await screen.findByRole('combobox', { name: 'Version' });
    await waitFor(() => expect(version).toHaveProperty('value', 'version:v3'));
    expect(
      within(version)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['v3 (latest)', 'v2', 'v1', 'what prod serves (v2)']);

    await user.click(screen.getByRole('button', { name: 'Plan (dry run)' }));

    const gateTable = await screen.findByRole('table', { name: 'Gates' });
    const row = within(gateTable).getByRole('rowheader', { name: 'ndcg@10' }).closest('tr')!;
    expect(row.textContent).toContain('at least');
    expect(row.textContent).toContain('0.5');
    expect(row.textContent).toContain('0.71');
    expect(row.textContent).toContain('+0.21');
    expect(row.textContent).toContain('passed');
    const segments = screen.getByRole('table', { name: 'Segments' });
    expect(within(segments).getByRole('rowheader', { name: 'docs-v3-delta' }).closest('tr')!.textContent).toContain(
      'copy',
    );
    expect(screen.getByText('25 chunks to copy (1 of 2 segments).')).toBeTruthy();
    expect(promotionBodies()).toEqual([{ kb: 'docs', version: 'v3', to: 'dev', dryRun: true }]);
  });

  it('when a gate refuses (422 GATE_REFUSED), then the dialog names the refused gate and by how much', async () => {
    const { user } = renderDialog(() =>
      jsonResponse(422, errorBody('GATE_REFUSED', 'recall@10 dropped 0.07, more than 0.02.', { gates })),
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Version' })).toHaveProperty('value', 'version:v3'),
    );

    await user.click(screen.getByRole('button', { name: 'Plan (dry run)' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refused by 1 of 2 gates of dev.');
    const refused = within(alert).getByRole('rowheader', { name: 'recall@10' }).closest('tr')!;
    expect(refused.textContent).toContain('−0.05');
    expect(refused.textContent).toContain('refused');
    expect(screen.queryByRole('button', { name: 'Promote' })).toBeNull();
  });

  it('when Promote is confirmed, then it streams the promotion, shows progress, and ends with the audit entry', async () => {
    let finish: () => void = () => {};
    const { user, promotionBodies, fetch } = renderDialog((call) => {
      if (isDryRun(call.body)) return jsonResponse(200, dryRunPlan);
      const progress = serverSentEvents([
        ['progress', { stage: 'copy', segment: 'docs-v3-delta', done: 10, total: 25 }],
      ]);
      const result = serverSentEvents([
        ['result', { result: { ...dryRunPlan.result, dryRun: false }, audit: promotionAudit }],
      ]);
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(progress));
          finish = () => {
            controller.enqueue(encoder.encode(result));
            controller.close();
          };
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Version' })).toHaveProperty('value', 'version:v3'),
    );
    await user.click(screen.getByRole('button', { name: 'Plan (dry run)' }));

    await user.click(await screen.findByRole('button', { name: 'Promote' }));

    expect(await screen.findByText(/Copying segment/)).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Promotion progress' })).toHaveProperty('value', 10);
    finish();
    expect(await screen.findByText('docs@dev now serves v3')).toBeTruthy();
    expect(screen.getByText(/by ops-alice/)).toBeTruthy();
    expect(promotionBodies()[1]).toEqual({ kb: 'docs', version: 'v3', to: 'dev', dryRun: false });
    const streamed = fetch.calls.filter((call) => call.url === '/v1/admin/promotions')[1]!;
    expect(streamed.headers.get('Accept')).toBe('text/event-stream');
  });

  it('when the target does not allow console promotion (403 PROMOTION_DISABLED), then its message is shown', async () => {
    const { user } = renderDialog(() =>
      jsonResponse(403, errorBody('PROMOTION_DISABLED', 'prod does not allow promotion from the console.')),
    );
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Target environment' }), 'prod');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Version' })).toHaveProperty('value', 'from:dev'));

    await user.click(screen.getByRole('button', { name: 'Plan (dry run)' }));

    expect((await screen.findByRole('alert')).textContent).toContain('prod does not allow promotion from the console.');
  });

  it('when the source is what another environment serves, then the request names that environment', async () => {
    const { user, promotionBodies } = renderDialog(() => jsonResponse(200, dryRunPlan));
    const version = await screen.findByRole('combobox', { name: 'Version' });
    await waitFor(() => expect(version).toHaveProperty('value', 'version:v3'));
    await user.selectOptions(version, 'from:prod');
    await user.click(screen.getByRole('button', { name: 'Plan (dry run)' }));
    await screen.findByRole('table', { name: 'Gates' });
    expect(promotionBodies()).toEqual([{ kb: 'docs', from: 'prod', to: 'dev', dryRun: true }]);
  });
});
