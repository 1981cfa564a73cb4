import type { RejectedDocument } from '@ragship/core';
import type { SourceDocument } from './source-document.js';

/** Options of {@link validateDocuments}. */
export interface ValidationRules {
  /** Fewer non-blank characters than this rejects a document. Default 20. */
  minChars?: number;
}

/**
 * Keeps out documents that must not reach the index: empty or too short, and text that did
 * not decode as UTF-8 (replacement characters or NUL bytes). Runs before anything is embedded.
 */
export function validateDocuments(
  documents: readonly SourceDocument[],
  rules: ValidationRules = {},
): { accepted: SourceDocument[]; rejected: RejectedDocument[] } {
  const minChars = rules.minChars ?? 20;
  const accepted: SourceDocument[] = [];
  const rejected: RejectedDocument[] = [];
  for (const document of documents) {
    const reason = problemWith(document.text, minChars);
    if (reason) rejected.push({ docId: document.docId, reason });
    else accepted.push(document);
  }
  return { accepted, rejected };
}

function problemWith(text: string, minChars: number): string | undefined {
  const visible = text.replace(/\s+/g, '').length;
  if (visible === 0) return 'empty';
  if (visible < minChars) return `too short (${visible} characters, minimum ${minChars})`;
  if (text.includes('\u0000') || text.includes('\uFFFD')) return 'not valid UTF-8 text (binary or wrongly encoded)';
  return undefined;
}
