import type { Category, SuccessCriteria } from './attack-catalogue.js';
import { resultOf, type AttackResult } from './attack-result.js';
import { exchange, type Exchange, type HttpRequest } from './http-exchange.js';
import { judgeExchange, type Audience, type JudgeContext } from './judge-exchange.js';
import { dedupe, type Finding } from './judge.js';
import type { RedteamWorld } from './redteam-setup.js';

/** A probe of the API itself (not of an answerer): access rules, secrets on other routes, limits. */
export interface Probe {
  /** `probe:<name>`. */
  id: string;
  category: Category;
  technique: string;
  /** Which server it probes; most use the extractive one. */
  server?: 'extractive' | 'llm';
  run: (session: ProbeSession) => Promise<void>;
}

/** What the callers may see: the limited key, the full key as a reader, the admin API's callers. */
export const AUDIENCES = {
  limited: { otherKb: false, hiddenFields: false },
  limitedOperator: { otherKb: false, hiddenFields: true },
  fullReader: { otherKb: true, hiddenFields: false },
  fullAdmin: { otherKb: true, hiddenFields: true },
  anonymous: { otherKb: false, hiddenFields: false },
} as const satisfies Record<string, Audience>;

/** The tools a probe works with: sending judged requests, adding its own findings and a note. */
export interface ProbeSession {
  world: RedteamWorld;
  url: string;
  /** Sends `request`, judges the response for `audience`, records both, and returns the exchange. */
  send: (request: HttpRequest, audience: Audience, criteria?: SuccessCriteria) => Promise<Exchange>;
  /** Records a finding the generic judging cannot see (e.g. a value recovered over many requests). */
  find: (finding: Finding) => void;
  note: (text: string) => void;
}

/** Runs `probe` against its server and collects its result. */
export async function runProbe(probe: Probe, world: RedteamWorld, context: JudgeContext): Promise<AttackResult> {
  const url = world.apis[probe.server ?? 'extractive'].url;
  const exchanges: Exchange[] = [];
  const findings: Finding[] = [];
  const notes: string[] = [];
  const session: ProbeSession = {
    world,
    url,
    send: async (request, audience, criteria) => {
      const sent = await exchange(url, request);
      exchanges.push(sent);
      findings.push(...judgeExchange(sent, context, audience, criteria));
      return sent;
    },
    find: (finding) => findings.push(finding),
    note: (text) => notes.push(text),
  };
  try {
    await probe.run(session);
  } catch (error) {
    notes.push(`the probe itself failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return resultOf(probe, `api:${probe.server ?? 'extractive'}`, exchanges, dedupe(findings), {
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  });
}
