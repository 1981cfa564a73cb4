import { hostname } from 'node:os';

/** `<host>:<pid>` of this process: recorded on a `building` version so a crashed run can be told from a live one. */
export function currentRunOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether the run `owner` (`<host>:<pid>`) may still be alive. A run on this host is alive when
 * its pid is; a run on another host cannot be checked from here and counts as alive.
 */
export function isRunAlive(owner: string | null): boolean {
  if (!owner) return false;
  const separator = owner.lastIndexOf(':');
  const host = owner.slice(0, separator);
  const pid = Number(owner.slice(separator + 1));
  if (host !== hostname()) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
