import type { Answerer, ChatAttack } from './attack-catalogue.js';
import { resultOf, type AttackResult } from './attack-result.js';
import { exchange } from './http-exchange.js';
import { judgeChat, type JudgeContext } from './judge-exchange.js';

/**
 * Sends a hostile question (or the question that retrieves a hostile document) to `POST /v1/chat`
 * twice, as JSON and as a stream, with the kb-limited key, and judges both responses by what the
 * client got. A 4xx is a refusal: the attack failed.
 */
export async function runChatAttack(
  attack: ChatAttack,
  answerer: Answerer,
  api: { url: string; key: string },
  context: JudgeContext,
): Promise<AttackResult> {
  const audience = { otherKb: false, hiddenFields: false };
  const exchanges = [];
  const findings = [];
  for (const stream of [false, true]) {
    const sent = await exchange(api.url, {
      path: '/v1/chat',
      key: api.key,
      body: { ...attack.request, ...(stream ? { stream } : {}) },
    });
    exchanges.push(sent);
    const inspectCitations = attack.category === 'llm05_markup_injection';
    findings.push(
      ...judgeChat(sent, context, audience, attack.success, inspectCitations).map((finding) => ({
        ...finding,
        detail: `${stream ? 'stream' : 'json'}: ${finding.detail}`,
      })),
    );
  }
  return resultOf(attack, answerer, exchanges, findings, { upstreamFailure: attack.success.upstreamFailure ?? false });
}
