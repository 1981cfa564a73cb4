import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { ChatApp } from '../chat/chat-app.tsx';
import { chatRoutes } from '../testing/chat-routes.ts';
import { createFakeFetch, errorBody, jsonResponse, type RouteHandler } from '../testing/fake-fetch.ts';
import { operatorSession } from '../testing/fixtures.ts';
import { renderWithApi } from '../testing/render-with-api.tsx';
import { describeError, errorText } from './describe-error.ts';

async function askWithChatAnswering(handler: RouteHandler) {
  renderWithApi(<ChatApp />, createFakeFetch({ ...chatRoutes(), 'POST /v1/chat': handler }));
  const user = userEvent.setup();
  await user.type(await screen.findByRole('textbox', { name: 'Question' }), 'How do I roll back?{Enter}');
  return (await screen.findByRole('alert')).textContent;
}

describe('errors as a person needs them', () => {
  it('when the API answers 429 with Retry-After, then the wait is said in seconds', async () => {
    const text = await askWithChatAnswering(() =>
      jsonResponse(429, errorBody('RATE_LIMITED', 'Too many requests: the limit is 60 per minute.'), {
        'Retry-After': '7',
      }),
    );
    expect(text).toMatch(/^Too many requests — try again in [67] s$/);
  });

  it('when the API answers 503, then its message says what is down', async () => {
    const text = await askWithChatAnswering(() =>
      jsonResponse(503, errorBody('NOTHING_PROMOTED', 'Nothing is promoted to dev for kb docs.')),
    );
    expect(text).toContain('The service is unavailable: Nothing is promoted to dev for kb docs.');
  });

  it('when the API cannot be reached, then it says so, with no raw error', async () => {
    const text = await askWithChatAnswering(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(text).toBe('Cannot reach the ragship API');
  });

  it('when the API answers 401, then the key form shows; a key entered is kept for the session and sent', async () => {
    const fetch = createFakeFetch({
      ...chatRoutes(),
      'GET /v1/session': (call) =>
        call.headers.get('Authorization') === 'Bearer secret-key'
          ? jsonResponse(200, operatorSession)
          : jsonResponse(401, errorBody('UNAUTHORIZED', 'An API key is required.')),
    });
    renderWithApi(<ChatApp />, fetch);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('API key'), 'secret-key');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('textbox', { name: 'Question' })).toBeTruthy();
    expect(sessionStorage.getItem('ragship.apiKey')).toBe('secret-key');
    await waitFor(() => expect(screen.getByTestId('environment').textContent).toBe('dev'));

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(sessionStorage.getItem('ragship.apiKey')).toBeNull();
  });
});

describe('describeError', () => {
  it('when a rate limit is counted down, then the seconds left shrink and end in "now"', () => {
    const description = describeError(
      new ApiError({ status: 429, code: 'RATE_LIMITED', message: 'x', retryAfterSeconds: 30 }),
      0,
    );
    expect(errorText(description, 0)).toBe('Too many requests — try again in 30 s');
    expect(errorText(description, 25_500)).toBe('Too many requests — try again in 5 s');
    expect(errorText(description, 30_000)).toBe('Too many requests — you can try again now');
  });

  it('when the failure is not the API’s, then the page says so without a stack', () => {
    const description = describeError(new Error('boom'));
    expect(errorText(description)).toBe('Something went wrong in this page: boom');
  });
});

describe('asking again after a failure', () => {
  it('when a question failed, then Ask again sends it once more and shows the answer', async () => {
    let calls = 0;
    const routes = chatRoutes();
    renderWithApi(
      <ChatApp />,
      createFakeFetch({
        ...routes,
        'POST /v1/chat': (call, signal) =>
          ++calls === 1
            ? jsonResponse(503, errorBody('STORE_UNAVAILABLE', 'The vector store is unreachable.'))
            : routes['POST /v1/chat']!(call, signal),
      }),
    );
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Question' }), 'How do I roll back?{Enter}');
    await screen.findByRole('alert');

    await user.click(screen.getByRole('button', { name: 'Ask again' }));

    expect(await screen.findByRole('button', { name: 'Citation 1' })).toBeTruthy();
    expect(calls).toBe(2);
  });
});
