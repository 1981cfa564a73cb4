import type { z } from 'zod';
import { InvalidInputError } from '@ragship/core';

/** Parses a request body with a schema; the error names the first bad field. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new InvalidInputError(`Invalid request: ${field}: ${issue?.message ?? 'invalid'}`, field);
}
