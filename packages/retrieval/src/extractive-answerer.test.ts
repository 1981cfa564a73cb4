import { describe, expect, it } from 'vitest';
import type { ScoredChunk } from '@ragship/core';
import { testChunk } from '@ragship/vector-store/testing';
import { createExtractiveAnswerer, DONT_KNOW_ANSWER, splitSentences } from './extractive-answerer.js';

function chunk(id: string, text: string, score: number): ScoredChunk {
  const { id: chunkId, metadata } = testChunk(id, text, []);
  return { id: chunkId, text, metadata, score };
}

describe('extractive answerer', () => {
  it('when a retrieved chunk states the answer, then the answer quotes it with its citation number', async () => {
    const answerer = createExtractiveAnswerer();
    const { text } = await answerer.answer({
      question: 'How do I roll back an index?',
      chunks: [
        chunk('config', 'Chunk size is set in characters. Overlap must be smaller than size.', 0.4),
        chunk(
          'rollback',
          '# Rolling back\n\nTo roll back an index, run `ragship rollback docs --env prod`. It takes a second.',
          0.3,
        ),
      ],
    });
    expect(text).toContain('To roll back an index, run `ragship rollback docs --env prod`. [2]');
    expect(text).not.toContain('[1]');
  });

  it('when nothing retrieved covers the question, then it says it does not know', async () => {
    const answerer = createExtractiveAnswerer();
    const { text } = await answerer.answer({
      question: 'What is the airspeed velocity of a swallow?',
      chunks: [chunk('config', 'Chunk size is set in characters.', 0.1)],
    });
    expect(text).toBe(DONT_KNOW_ANSWER);
  });

  it('when text is Markdown, then headings, code blocks and list markers are left out and wrapped lines rejoined', () => {
    expect(
      splitSentences(
        '# Title\n\n- First item here.\n```bash\nnpm install && npm start\n```\nSecond one\nis here. Third one too!',
      ),
    ).toEqual(['First item here.', 'Second one is here.', 'Third one too!']);
  });
});
