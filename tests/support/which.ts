import { execFileSync } from 'node:child_process';

/** A command on PATH, or undefined: tests that need a tool skip (with a reason) where it is missing. */
export function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
