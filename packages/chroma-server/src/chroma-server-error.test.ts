import { describe, expect, it } from 'vitest';

import { ChromaServerError } from './chroma-server-error.js';

describe('ChromaServerError', () => {
  it('when created with a log tail, then the message ends with its printed lines', () => {
    const error = new ChromaServerError('CHROMA_SERVER_START_FAILED', 'The Chroma server exited with code 134.', {
      port: 8000,
      logTail: ['', 'thread panicked', 'file is not a database'],
    });

    expect(error.message).toBe(
      'The Chroma server exited with code 134.\n' +
        'Last lines of the Chroma server log:\n' +
        'thread panicked\n' +
        'file is not a database',
    );
    expect(error).toMatchObject({ name: 'ChromaServerError', code: 'CHROMA_SERVER_START_FAILED', port: 8000 });
  });

  it('when created with a cause, then the cause is kept; without one, there is none', () => {
    const cause = new Error('EACCES');

    expect(new ChromaServerError('CHROMA_SERVER_START_FAILED', 'failed', { cause }).cause).toBe(cause);
    expect('cause' in new ChromaServerError('CHROMA_SERVER_PORT_IN_USE', 'taken')).toBe(false);
  });
});
