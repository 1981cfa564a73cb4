import { countTokens as countCl100kTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/** No special tokens: text that spells one (`<|im_end|>`, `<|endoftext|>`) is counted as the plain text it is. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

/**
 * Tokens in `text` under cl100k_base, the encoding of OpenAI's embedding and chat models.
 * gpt-tokenizer over js-tiktoken: measured here, ten times faster (19 vs 256 ms per 1,000
 * texts of 1.1k characters) in a third of the memory (43 vs 127 MB). A document is data, so a
 * chat-template token in it is text (by default the tokenizer throws on it, failing the ingest).
 */
export function countTokens(text: string): number {
  return countCl100kTokens(text, PLAIN_TEXT);
}
