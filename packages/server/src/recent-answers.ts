import { LRUCache } from 'lru-cache';

/** What answered under a trace id, for feedback that names only the trace. */
export interface AnswerContext {
  kb: string;
  version: number;
  /** `v7`. */
  indexVersion: string;
  /** The chat span's id when traced; feedback annotates it. */
  spanId: string | null;
}

/**
 * The latest answers of this process by trace id, at most `capacity` (oldest forgotten first):
 * feedback for a trace found here is stored with its kb and version and annotates its chat span;
 * feedback for one another replica answered is stored without them.
 */
export class RecentAnswers {
  private readonly answers: LRUCache<string, AnswerContext>;

  constructor(capacity = 10_000) {
    this.answers = new LRUCache({ max: capacity });
  }

  remember(traceId: string, answer: AnswerContext): void {
    this.answers.set(traceId, answer);
  }

  lookup(traceId: string): AnswerContext | undefined {
    // `peek`: feedback on an answer does not keep it longer; answers age by when they were given.
    return this.answers.peek(traceId);
  }
}
