import type { RejectedDocument } from '@ragship/core';

/** Why a rule keeps a document out of the index: a {@link RejectedDocument} without the document id. */
export type RuleViolation = Omit<RejectedDocument, 'docId'>;
