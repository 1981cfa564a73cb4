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
  private readonly answers = new Map<string, AnswerContext>();

  constructor(private readonly capacity = 10_000) {}

  remember(traceId: string, answer: AnswerContext): void {
    this.answers.delete(traceId);
    this.answers.set(traceId, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value as string);
  }

  lookup(traceId: string): AnswerContext | undefined {
    return this.answers.get(traceId);
  }
}
