import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatRoutes, fixtureAnswer } from '../testing/chat-routes.ts';
import { createFakeFetch, eventStreamResponse, serverSentEvents } from '../testing/fake-fetch.ts';
import { answerMeta, operatorSession } from '../testing/fixtures.ts';
import { renderWithApi } from '../testing/render-with-api.tsx';
import type { ChatRequest } from '../api/chat-contract.ts';
import { ChatApp } from './chat-app.tsx';

const chatBody = (body: string | null) => JSON.parse(body ?? '{}') as ChatRequest & { stream: boolean };

async function ask(question: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByRole('textbox', { name: 'Question' }), `${question}{Enter}`);
  return user;
}

describe('ChatApp', () => {
  it('when an answer streams in, then it shows with what answered it, and the header names the environment and kb@version', async () => {
    const fetch = createFakeFetch(chatRoutes());
    renderWithApi(<ChatApp />, fetch);
    expect(await screen.findByTestId('environment')).toHaveProperty('textContent', 'dev');

    await ask('How do I roll back?');

    expect(await screen.findByText(/^answered by docs@v2 · extractive/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('answered-by').textContent).toBe('docs@v2'));
    const answer = screen.getByRole('article', { name: 'Answer to: How do I roll back?' });
    expect(answer.textContent).toContain('To undo a promotion, run ragship rollback docs --env prod.');
    const body = chatBody(fetch.calls.find((call) => call.url === '/v1/chat')!.body);
    expect(body).toEqual({ question: 'How do I roll back?', kb: 'docs', history: [], stream: true });
  });

  it('when Citation 1 is selected, then the side panel shows the chunk with the quoted sentence marked', async () => {
    renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    const user = await ask('How do I roll back?');
    await user.click(await screen.findByRole('button', { name: 'Citation 1' }));

    const panel = screen.getByRole('complementary', { name: 'Citation' });
    expect(within(panel).getByRole('heading', { name: 'Citation 1' })).toBeTruthy();
    expect(within(panel).getByText('Rolling back')).toBeTruthy();
    expect(within(panel).getByText('docs@v2')).toBeTruthy();
    const marks = panel.querySelectorAll('mark');
    expect([...marks].map((mark) => mark.textContent)).toEqual([
      'To undo a promotion, run ragship rollback docs --env prod.',
    ]);

    await user.click(screen.getByRole('button', { name: 'Citation 2' }));
    expect(screen.getByRole('complementary', { name: 'Citation' }).querySelector('mark')?.textContent).toBe(
      'Aliases move atomically.',
    );
  });

  it('when Stop is pressed while streaming, then the request is aborted and the answer so far is kept as stopped', async () => {
    let signal: AbortSignal | null = null;
    const fetch = createFakeFetch({
      ...chatRoutes(),
      'POST /v1/chat': (_call, requestSignal) => {
        signal = requestSignal;
        return eventStreamResponse(
          serverSentEvents([
            ['meta', answerMeta],
            ['token', { text: 'To undo a promotion' }],
          ]),
          { hold: true, signal: requestSignal },
        );
      },
    });
    renderWithApi(<ChatApp />, fetch);
    const user = await ask('How do I roll back?');
    await screen.findByText('To undo a promotion');

    await user.click(screen.getByRole('button', { name: 'Stop' }));

    expect(await screen.findByText('Stopped.')).toBeTruthy();
    expect(signal!.aborted).toBe(true);
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('when a follow-up is asked, then the earlier question and answer go with it as history', async () => {
    const fetch = createFakeFetch(chatRoutes());
    renderWithApi(<ChatApp />, fetch);
    await ask('How do I roll back?');
    await screen.findByRole('button', { name: 'Citation 1' });

    await ask('And in staging?');

    await waitFor(() => expect(fetch.calls.filter((call) => call.url === '/v1/chat')).toHaveLength(2));
    const followUp = chatBody(fetch.calls.filter((call) => call.url === '/v1/chat')[1]!.body);
    expect(followUp.history).toEqual([
      { role: 'user', content: 'How do I roll back?' },
      { role: 'assistant', content: fixtureAnswer },
    ]);
  });

  it('when Shift+Enter is typed, then it starts a new line instead of sending', async () => {
    const fetch = createFakeFetch(chatRoutes());
    renderWithApi(<ChatApp />, fetch);
    const user = userEvent.setup();
    const box = await screen.findByRole('textbox', { name: 'Question' });
    await user.type(box, 'first line{Shift>}{Enter}{/Shift}second');
    expect(box).toHaveProperty('value', 'first line\nsecond');
    expect(fetch.calls.some((call) => call.url === '/v1/chat')).toBe(false);
  });

  it('when another kb is picked, then the question goes to that kb', async () => {
    const fetch = createFakeFetch(chatRoutes());
    renderWithApi(<ChatApp />, fetch);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Knowledge base' }), 'handbook');
    await ask('Where is the handbook?');
    await waitFor(() => expect(fetch.calls.some((call) => call.url === '/v1/chat')).toBe(true));
    expect(chatBody(fetch.calls.find((call) => call.url === '/v1/chat')!.body).kb).toBe('handbook');
  });

  it('when the key is an operator’s, then the console link shows; for a reader it does not', async () => {
    const { unmount } = renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    expect(await screen.findByRole('link', { name: 'Console' })).toHaveProperty('pathname', '/ops');
    unmount();

    renderWithApi(<ChatApp />, createFakeFetch(chatRoutes({ ...operatorSession, role: 'reader' })));
    await screen.findByTestId('environment');
    await waitFor(() => expect(screen.getByTestId('environment').textContent).toBe('dev'));
    expect(screen.queryByRole('link', { name: 'Console' })).toBeNull();
  });
});

describe('ChatApp citation panel', () => {
  it('when the panel is closed with Escape, then it goes and focus returns to the citation', async () => {
    renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    const user = await ask('How do I roll back?');
    const citation = await screen.findByRole('button', { name: 'Citation 1' });
    await user.click(citation);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Citation 1' }));

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('complementary', { name: 'Citation' })).toBeNull();
    expect(document.activeElement).toBe(citation);
  });
});
