import type { Category } from './attack-catalogue.js';
import type { Exchange } from './http-exchange.js';
import type { Finding } from './judge.js';

/** What one attack did against one target. It succeeded when it has findings. */
export interface AttackResult {
  /** `document:<id>`, `question:<id>` or `probe:<id>`. */
  id: string;
  category: Category;
  technique: string;
  /** The answerer it ran against (`extractive`, `llm`), or `api` for probes of the API itself. */
  target: string;
  findings: Finding[];
  /** The status of each request, null where none came. */
  statuses: (number | null)[];
  /** Whether the attack makes the upstream model fail on purpose, so its 5xx are expected. */
  upstreamFailure: boolean;
  /** Slowest response, in milliseconds. */
  maxLatencyMs: number;
  /** Anything a reader of the report should know, e.g. how many requests were rate limited. */
  note?: string;
}

/** Builds a result from the exchanges an attack made and what was found in them. */
export function resultOf(
  attack: { id: string; category: Category; technique: string },
  target: string,
  exchanges: readonly Exchange[],
  findings: readonly Finding[],
  options: { upstreamFailure?: boolean; note?: string } = {},
): AttackResult {
  return {
    id: attack.id,
    category: attack.category,
    technique: attack.technique,
    target,
    findings: [...findings],
    statuses: exchanges.map((item) => item.status),
    upstreamFailure: options.upstreamFailure ?? false,
    maxLatencyMs: Math.max(0, ...exchanges.map((item) => item.latencyMs)),
    ...(options.note ? { note: options.note } : {}),
  };
}
