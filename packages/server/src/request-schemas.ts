import { z } from 'zod';
import { FILTERABLE_FIELDS, KB_NAME_PATTERN, isFilterableField } from '@ragship/core';

const kb = z.string().regex(KB_NAME_PATTERN, 'must be a kb name such as "docs"');
const k = z.int().min(1).max(50);
const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const filter = z
  .record(z.string(), z.union([scalar, z.array(scalar).min(1).max(100)]))
  .superRefine((value, context) => {
    const keys = Object.keys(value);
    if (keys.length > 8) context.addIssue({ code: 'custom', message: 'at most 8 filter keys' });
    for (const key of keys.filter((name) => !isFilterableField(name))) {
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `${key.slice(0, 64)} is not filterable; use ${FILTERABLE_FIELDS.join(', ')} or meta.<field>`,
      });
    }
  })
  .describe('Only chunks whose metadata matches every key (a list: any of its values), e.g. {"docId": "guide.md"}');

/** Body of `POST /v1/chat`. */
export const chatRequestSchema = z.strictObject({
  question: z.string().trim().min(1, 'must not be empty').max(4000),
  kb: kb.optional(),
  history: z
    .array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }))
    .max(50)
    .optional(),
  k: k.optional(),
  filter: filter.optional(),
  stream: z.boolean().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Body of `POST /v1/retrieve`. */
export const retrieveRequestSchema = z.strictObject({
  query: z.string().trim().min(1, 'must not be empty').max(4000),
  kb: kb.optional(),
  k: k.optional(),
  filter: filter.optional(),
  version: z
    .string()
    .regex(/^v[1-9][0-9]{0,8}$/, 'must be a version such as "v3"')
    .optional()
    .describe(
      'Retrieve from this ready version of the kb instead of the one the environment serves, e.g. "v3"; 404 VERSION_NOT_FOUND when this environment has no such version',
    ),
});
export type RetrieveRequest = z.infer<typeof retrieveRequestSchema>;

/** Body of `POST /v1/feedback`. */
export const feedbackRequestSchema = z.strictObject({
  traceId: z.string().regex(/^[0-9a-f]{32}$/, "must be the 32 hex digits of an answer's traceId"),
  rating: z.union([z.literal(1), z.literal(-1)], { error: 'must be 1 (helpful) or -1 (not helpful)' }),
  comment: z.string().trim().max(2000).optional(),
});
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;
