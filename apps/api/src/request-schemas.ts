import { z } from 'zod';
import { KB_NAME_PATTERN } from '@ragship/core';

const kb = z.string().regex(KB_NAME_PATTERN, 'must be a kb name such as "docs"');
const k = z.int().min(1).max(50);

/** Body of `POST /v1/chat`. */
export const chatRequestSchema = z.strictObject({
  question: z.string().trim().min(1, 'must not be empty').max(4000),
  kb: kb.optional(),
  history: z
    .array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }))
    .max(50)
    .optional(),
  k: k.optional(),
  stream: z.boolean().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Body of `POST /v1/retrieve`. */
export const retrieveRequestSchema = z.strictObject({
  query: z.string().trim().min(1, 'must not be empty').max(4000),
  kb: kb.optional(),
  k: k.optional(),
});
export type RetrieveRequest = z.infer<typeof retrieveRequestSchema>;
