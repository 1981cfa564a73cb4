import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatRoutes } from '../testing/chat-routes.ts';
import { createFakeFetch } from '../testing/fake-fetch.ts';
import { answerMeta, operatorSession } from '../testing/fixtures.ts';
import { renderWithApi } from '../testing/render-with-api.tsx';
import { ChatApp } from './chat-app.tsx';

async function answered(fetch: ReturnType<typeof createFakeFetch>) {
  renderWithApi(<ChatApp />, fetch);
  const user = userEvent.setup();
  await user.type(await screen.findByRole('textbox', { name: 'Question' }), 'How do I roll back?{Enter}');
  await screen.findByRole('button', { name: 'Helpful' });
  return user;
}

const feedbackBodies = (fetch: ReturnType<typeof createFakeFetch>) =>
  fetch.calls.filter((call) => call.url === '/v1/feedback').map((call) => JSON.parse(call.body!) as unknown);

describe('feedback on an answer', () => {
  it('when Helpful is pressed, then a rating of 1 is sent with the answer’s trace id and thanks are shown', async () => {
    const fetch = createFakeFetch(chatRoutes());
    const user = await answered(fetch);

    await user.click(screen.getByRole('button', { name: 'Helpful' }));

    expect(await screen.findByText('Thanks — feedback recorded')).toBeTruthy();
    expect(feedbackBodies(fetch)).toEqual([{ traceId: answerMeta.traceId, rating: 1 }]);
    expect(screen.queryByRole('button', { name: 'Helpful' })).toBeNull();
  });

  it('when Not helpful is pressed and a reason given, then a rating of -1 is sent with the reason', async () => {
    const fetch = createFakeFetch(chatRoutes());
    const user = await answered(fetch);

    await user.click(screen.getByRole('button', { name: 'Not helpful' }));
    expect(feedbackBodies(fetch)).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: 'Reason' }), 'It named the wrong environment');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));

    expect(await screen.findByText('Thanks — feedback recorded')).toBeTruthy();
    expect(feedbackBodies(fetch)).toEqual([
      { traceId: answerMeta.traceId, rating: -1, comment: 'It named the wrong environment' },
    ]);
  });

  it('when Phoenix is configured, then View trace links to the answer’s trace in a new tab; without it, no link', async () => {
    const fetch = createFakeFetch(chatRoutes());
    await answered(fetch);
    const link = screen.getByRole('link', { name: 'View trace' });
    expect(link.getAttribute('href')).toBe(`http://phoenix.test/redirects/traces/${answerMeta.traceId}`);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('when Phoenix is not configured, then there is no trace link', async () => {
    await answered(createFakeFetch(chatRoutes({ ...operatorSession, phoenixUrl: null })));
    expect(screen.queryByRole('link', { name: 'View trace' })).toBeNull();
  });
});
