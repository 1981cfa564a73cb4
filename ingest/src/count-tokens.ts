import { getEncoding, type Tiktoken } from 'js-tiktoken';

let encoding: Tiktoken | undefined;

/** Tokens in `text` under cl100k_base, the encoding of OpenAI's embedding and chat models. */
export function countTokens(text: string): number {
  encoding ??= getEncoding('cl100k_base');
  return encoding.encode(text, [], []).length;
}
