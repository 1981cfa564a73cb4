import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatRoutes } from '../testing/chat-routes.ts';
import { createFakeFetch } from '../testing/fake-fetch.ts';
import { renderWithApi } from '../testing/render-with-api.tsx';
import { ChatApp } from './chat-app.tsx';
import type { Conversation } from './conversation.ts';
import { CONVERSATIONS_KEY, MAX_CONVERSATIONS, loadConversations, saveConversations } from './conversation-store.ts';
import { createConversation, createTurn } from './conversation.ts';

async function askIn(question: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByRole('textbox', { name: 'Question' }), `${question}{Enter}`);
  await screen.findByRole('article', { name: `Answer to: ${question}` });
  await screen.findAllByRole('button', { name: 'Helpful' });
  return user;
}

const stored = () => JSON.parse(localStorage.getItem(CONVERSATIONS_KEY) ?? '[]') as Conversation[];

describe('conversations kept in the browser', () => {
  it('when a question is answered, then the conversation is kept in localStorage, titled by its first question', async () => {
    renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    await askIn('How do I roll back?');

    await waitFor(() => expect(stored()[0]?.turns[0]?.status).toBe('done'));
    expect(stored()[0]).toMatchObject({ title: 'How do I roll back?', kb: 'docs' });
    expect(stored()[0]?.turns[0]?.meta?.indexVersion).toBe('v2');
  });

  it('when New chat is pressed, then the screen is empty and the next question starts a second conversation', async () => {
    renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    const user = await askIn('How do I roll back?');

    await user.click(screen.getByRole('button', { name: 'New chat' }));
    expect(screen.queryByRole('article')).toBeNull();
    await askIn('What is an alias?');

    const list = screen.getByRole('navigation', { name: 'Conversations' });
    expect(
      within(list)
        .getAllByRole('button', { name: /\?$/ })
        .map((button) => button.textContent),
    ).toEqual(['What is an alias?', 'How do I roll back?']);
    await waitFor(() => expect(stored()).toHaveLength(2));
  });

  it('when the page is opened again, then kept conversations are listed and selecting one shows it', async () => {
    const first = renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    await askIn('How do I roll back?');
    await waitFor(() => expect(stored()[0]?.turns[0]?.status).toBe('done'));
    first.unmount();

    renderWithApi(<ChatApp />, createFakeFetch(chatRoutes()));
    const user = userEvent.setup();
    expect(screen.queryByRole('article')).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'How do I roll back?' }));

    const answer = screen.getByRole('article', { name: 'Answer to: How do I roll back?' });
    expect(answer.textContent).toContain('run ragship rollback docs --env prod');
    expect(screen.getByTestId('answered-by').textContent).toBe('docs@v2');
  });
});

describe('conversation store', () => {
  const conversationAt = (index: number) => {
    const conversation = createConversation(`Question ${index}`, 'docs', new Date(Date.UTC(2025, 0, 1, 0, index)));
    return { ...conversation, turns: [createTurn(`Question ${index}`, 'docs')] };
  };

  it('when more than the cap are saved, then only the most recent are kept', () => {
    const many = Array.from({ length: MAX_CONVERSATIONS + 5 }, (_, index) => conversationAt(index));
    const kept = saveConversations(localStorage, many);
    expect(kept).toHaveLength(MAX_CONVERSATIONS);
    expect(loadConversations(localStorage).map((conversation) => conversation.title)).toContain(
      `Question ${MAX_CONVERSATIONS + 4}`,
    );
    expect(loadConversations(localStorage).map((conversation) => conversation.title)).not.toContain('Question 0');
  });

  it('when the storage is full, then the oldest conversations are dropped until the rest fit', () => {
    const full = {
      setItem(key: string, value: string) {
        if (value.length > 600) throw new DOMException('full', 'QuotaExceededError');
        localStorage.setItem(key, value);
      },
      getItem: (key: string) => localStorage.getItem(key),
    } as Storage;
    const kept = saveConversations(full, [conversationAt(1), conversationAt(2), conversationAt(3)]);
    expect(kept.map((conversation) => conversation.title)).toEqual(['Question 3']);
  });

  it('when an answer was streaming as the page closed, then it loads as stopped; unreadable storage loads as none', () => {
    saveConversations(localStorage, [conversationAt(1)]);
    expect(loadConversations(localStorage)[0]?.turns[0]?.status).toBe('stopped');
    localStorage.setItem(CONVERSATIONS_KEY, '{not json');
    expect(loadConversations(localStorage)).toEqual([]);
  });
});
