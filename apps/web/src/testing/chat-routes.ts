import type { SessionInfo } from '@ragship/server';
import { answerMeta, operatorSession } from './fixtures.ts';
import { eventStreamResponse, jsonResponse, serverSentEvents, type RouteHandler } from './fake-fetch.ts';

/** The fixture answer: it quotes the rollback chunk [1] and the aliases chunk [2]. */
export const fixtureAnswer =
  'To undo a promotion, run ragship rollback docs --env prod. [1] Aliases move atomically. [2]';

/** The streamed fixture answer, in three tokens. */
export function streamedAnswer(): Response {
  const [first = '', second = ''] = [fixtureAnswer.slice(0, 30), fixtureAnswer.slice(30)];
  return eventStreamResponse(
    serverSentEvents([
      ['meta', answerMeta],
      ['token', { text: first }],
      ['token', { text: second }],
      ['done', { answer: fixtureAnswer }],
    ]),
  );
}

/** Routes of the chat page: the session and a streamed answer to every question. */
export function chatRoutes(session: SessionInfo = operatorSession): Record<string, RouteHandler> {
  return {
    'GET /v1/session': () => jsonResponse(200, session),
    'POST /v1/chat': () => streamedAnswer(),
    'POST /v1/feedback': () => jsonResponse(201, { recorded: true }),
  };
}
