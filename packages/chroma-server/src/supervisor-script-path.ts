import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of the supervisor script to run with Node: `supervisor.js` beside this module once
 * built into `dist/`, else `supervisor.ts` beside it when running from `src/` (under vitest or
 * the `@ragship/source` condition), which Node 22.18+ runs directly by stripping its types.
 */
export function supervisorScriptPath(): string {
  const compiled = fileURLToPath(new URL('./supervisor.js', import.meta.url));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./supervisor.ts', import.meta.url));
}
