import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { errorMessage } from '@ragship/core';
import type { MonitoringRecords } from '@ragship/registry';

/** What answered under a trace id, and for whom: what feedback on it is checked against and stored with. */
export interface AnswerContext {
  kb: string;
  version: number;
  /** `v7`. */
  indexVersion: string;
  /** The chat span's id when traced; feedback annotates it. */
  spanId: string | null;
  /** Who asked: the API key's name, or `anonymous` when the API is open. */
  caller: string;
}

/** How long an answer takes feedback when the config sets nothing: 30 days. */
export const DEFAULT_FEEDBACK_WINDOW_MS = 30 * 24 * 3_600_000;

/**
 * The answers this deployment gave, by trace id: the latest `capacity` in this process's memory,
 * all of them in the registry (shared by every replica of the environment) for `windowMs`, after
 * which they are pruned. Feedback is accepted only for an answer found here. Writing to the
 * registry happens after the answer and never fails it; a failed write is logged.
 */
export class AnswerLedger {
  private readonly recent: LRUCache<string, AnswerContext>;
  private lastPruned = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      records: Pick<MonitoringRecords, 'recordAnswer' | 'findAnswer' | 'pruneAnswers'>;
      environment: string;
      logger: Logger;
      /** How long after an answer feedback on it is accepted. Default {@link DEFAULT_FEEDBACK_WINDOW_MS}. */
      windowMs?: number;
      capacity?: number;
      now?: () => number;
    },
  ) {
    this.recent = new LRUCache({ max: deps.capacity ?? 10_000 });
  }

  private get windowMs(): number {
    return this.deps.windowMs ?? DEFAULT_FEEDBACK_WINDOW_MS;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Records an answer given under `traceId`; at most hourly, forgets those past the window. */
  remember(traceId: string, answer: AnswerContext): void {
    this.recent.set(traceId, answer);
    const { records, environment, logger } = this.deps;
    records
      .recordAnswer({ traceId, environment, ...answer })
      .then(() => this.pruneNowAndThen())
      .catch((error: unknown) =>
        logger.warn({ traceId, err: errorMessage(error) }, 'answer not recorded: feedback on it will be refused'),
      );
  }

  /** The answer given under `traceId` within the window, by this process or another replica of the environment. */
  async lookup(traceId: string): Promise<AnswerContext | undefined> {
    // `peek`: feedback on an answer does not keep it longer; answers age by when they were given.
    const known = this.recent.peek(traceId);
    if (known) return known;
    const since = new Date(this.now() - this.windowMs).toISOString();
    const found = await this.deps.records.findAnswer(traceId, this.deps.environment, since);
    if (!found) return undefined;
    const { kb, version, spanId, caller } = found;
    return { kb, version, indexVersion: `v${version}`, spanId, caller };
  }

  private async pruneNowAndThen(): Promise<void> {
    if (this.now() - this.lastPruned < 3_600_000) return;
    this.lastPruned = this.now();
    await this.deps.records.pruneAnswers(new Date(this.now() - this.windowMs).toISOString());
  }
}
