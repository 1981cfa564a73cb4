import type { FlaggedDocument, RejectedDocument, ValidationSettings } from '@ragship/core';
import { describePiiKinds, findPii, redactPii } from '@ragship/pii';
import type { SourceDocument } from '../source-document.js';
import { checkBinary } from './check-binary.js';
import { checkGarbled } from './check-garbled.js';
import { checkLength } from './check-length.js';
import { createDuplicateTracker, normalizedTextHash } from './duplicate-tracker.js';
import { findInstructionLabels } from './find-instruction-labels.js';
import type { RuleViolation } from './rule-violation.js';

/** What the validator decided about one document. */
export type ValidationOutcome =
  | {
      status: 'accepted';
      /**
       * The document to chunk and embed. With `pii: 'redact'` and personal data found, its
       * `title` and `text` have each match replaced by a placeholder (`[EMAIL]`, `[PHONE]`, …)
       * but its `contentHash` stays the hash of the original file, so an unchanged file still
       * compares as unchanged with the previous run.
       */
      document: SourceDocument;
      /** Present when a rule flagged the document (`pii`, `instructions`, or both in one entry). */
      flagged?: FlaggedDocument;
    }
  | { status: 'rejected'; rejected: RejectedDocument };

/** Checks documents one at a time, as the pipeline streams them. */
export interface Validator {
  /**
   * Applies the rules in order and stops at the first rejection: `binary`, `garbled` (the
   * most telling reasons first), `empty`, `too-short`, `too-long`, `duplicate`, `pii`,
   * `instructions`. Size, encoding and duplicate rules look at `text`; `pii` and `instructions`
   * at `title` and `text`.
   */
  check(document: SourceDocument): ValidationOutcome;
  /**
   * The verdict on a document the parent version accepted with the same content under the same
   * settings (an incremental run): it keeps that verdict and the parent's `flagged` entry, as it
   * keeps the parent's chunks, without the rules being run again. Only `duplicate` is checked,
   * since it depends on the other documents of this run.
   */
  known(document: SourceDocument, flagged: FlaggedDocument | undefined): ValidationOutcome;
}

/**
 * Creates a {@link Validator} for one ingestion run. Its only state is the normalised-text hash
 * and first document id of each accepted document (with `duplicates: 'reject'`), so memory grows
 * by about a hundred bytes per document, never with document size.
 */
export function createValidator(settings: ValidationSettings): Validator {
  const duplicates = createDuplicateTracker();
  return {
    check(document) {
      const reject = (violation: RuleViolation): ValidationOutcome => ({
        status: 'rejected',
        rejected: { docId: document.docId, ...violation },
      });
      const violation =
        checkBinary(document.text) ?? checkGarbled(document.text) ?? checkLength(document.text, settings);
      if (violation) return reject(violation);

      const textHash = settings.duplicates === 'reject' ? normalizedTextHash(document.text) : undefined;
      const duplicate = textHash === undefined ? undefined : duplicates.check(textHash);
      if (duplicate) return reject(duplicate);

      const flags: string[] = [];
      const reasons: string[] = [];
      let accepted = document;
      if (settings.pii !== 'off') {
        const titleMatches = findPii(document.title);
        const textMatches = findPii(document.text);
        const kinds = describePiiKinds([...titleMatches, ...textMatches]).join(', ');
        if (kinds) {
          if (settings.pii === 'reject') return reject({ rule: 'pii', reason: `personal data: ${kinds}` });
          flags.push('pii');
          reasons.push(kinds);
          if (settings.pii === 'redact') {
            accepted = {
              ...document,
              title: redactPii(document.title, titleMatches),
              text: redactPii(document.text, textMatches),
            };
          }
        }
      }
      if (settings.instructions !== 'off') {
        const labels = findInstructionLabels(`${document.title}\n${document.text}`).join(', ');
        if (labels) {
          const reason = `instructions aimed at a model: ${labels}`;
          if (settings.instructions === 'reject') return reject({ rule: 'instructions', reason });
          flags.push('instructions');
          reasons.push(reason);
        }
      }

      if (textHash !== undefined) duplicates.remember(textHash, document.docId);
      if (flags.length === 0) return { status: 'accepted', document: accepted };
      const flagged = {
        docId: document.docId,
        flags,
        reason: reasons.join('; '),
        redacted: accepted !== document,
      };
      return { status: 'accepted', document: accepted, flagged };
    },
    known(document, flagged) {
      if (settings.duplicates === 'reject') {
        const textHash = normalizedTextHash(document.text);
        const duplicate = duplicates.check(textHash);
        if (duplicate) return { status: 'rejected', rejected: { docId: document.docId, ...duplicate } };
        duplicates.remember(textHash, document.docId);
      }
      return flagged ? { status: 'accepted', document, flagged } : { status: 'accepted', document };
    },
  };
}
