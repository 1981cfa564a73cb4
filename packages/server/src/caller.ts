import type { RequestHandler, Response } from 'express';
import { RagshipError, roleAllows, type ApiRole } from '@ragship/core';
import { sendError } from './error-handler.js';

/** Who made a request: the key's name, role and kbs, set on `res.locals.caller` by `apiKeyAuth`. */
export interface Caller {
  name: string;
  role: ApiRole;
  /** The kbs the caller may use; null: all. */
  kbs: readonly string[] | null;
}

/** The caller when no keys are configured: the API is open, and so is everything on it. */
export const ANONYMOUS: Caller = { name: 'anonymous', role: 'admin', kbs: null };

/** The caller `apiKeyAuth` found for this request ({@link ANONYMOUS} when the API is open). */
export function callerOf(response: Response): Caller {
  return (response.locals.caller as Caller | undefined) ?? ANONYMOUS;
}

/** 403 `FORBIDDEN` unless the caller's role includes `role`. */
export function requireRole(role: ApiRole): RequestHandler {
  return (_request, response, next) => {
    const caller = callerOf(response);
    if (roleAllows(caller.role, role)) {
      next();
      return;
    }
    sendError(
      response,
      'FORBIDDEN',
      `This needs a key with the ${role} role; the key "${caller.name}" is a ${caller.role}.`,
    );
  };
}

/** Throws 403 `FORBIDDEN`, saying what needs it, unless the caller's role includes `role`. */
export function assertRole(caller: Caller, role: ApiRole, what: string): void {
  if (roleAllows(caller.role, role)) return;
  throw new RagshipError(
    'FORBIDDEN',
    `${what} needs a key with the ${role} role; the key "${caller.name}" is a ${caller.role}.`,
  );
}

/** Throws 403 `FORBIDDEN` when the caller's key is limited to other kbs than `kb`. */
export function assertKbAllowed(caller: Caller, kb: string): void {
  if (caller.kbs === null || caller.kbs.includes(kb)) return;
  throw new RagshipError(
    'FORBIDDEN',
    `The key "${caller.name}" may not use kb "${kb}"; it may use ${caller.kbs.join(', ')}.`,
  );
}
