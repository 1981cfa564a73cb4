import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '@ragship/core';
import type { WebPageRecord } from '../document-source.js';
import type { CachedRobots } from './robots-rules.js';
import type { Validators } from './site-fetcher.js';
import { writeFileAtomically } from './write-file-atomically.js';

/** A sitemap as last fetched, for a conditional request next run. */
export interface CachedSitemap extends Validators {
  body: string;
}

/**
 * A page the server sent but the source did not store (a type no loader reads, a path the mirror
 * refuses), as last answered, so the next run asks for it conditionally and, on a 304, skips it for the same reason.
 */
export interface UnstoredPage extends Validators {
  reason: string;
}

/**
 * What a web source keeps in its cache directory between runs, beside the mirror: robots.txt,
 * the sitemaps and the pages it was sent but did not store, with their validators (so a re-run asks for them
 * conditionally), and what each mirror file holds. The mirror's own entries decide whether a page may be asked for
 * conditionally: only when the copy is the one the previous version recorded. Never credentials:
 * URLs are credential-free.
 */
export interface WebSourceState {
  robots?: CachedRobots | undefined;
  /** By credential-free sitemap URL. */
  sitemaps: Record<string, CachedSitemap>;
  /** The mirror's files, as the last run left them. */
  pages: WebPageRecord[];
  /** Pages sent but not stored, by credential-free URL. */
  unstored: Record<string, UnstoredPage>;
}

const STATE_FILE = 'web-source-state.json';
const FORMAT = 1;

/** The state in `cacheDir`; an empty one when there is none or it cannot be read (then `log` says so). */
export async function readWebSourceState(cacheDir: string, log: (message: string) => void): Promise<WebSourceState> {
  const empty: WebSourceState = { sitemaps: {}, pages: [], unstored: {} };
  const file = path.join(cacheDir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log(`Cannot read ${file} (${errorMessage(error)}); fetching every page in full.`);
    return empty;
  }
  try {
    const parsed = JSON.parse(text) as { format?: unknown } & Partial<WebSourceState>;
    if (
      parsed.format !== FORMAT ||
      !Array.isArray(parsed.pages) ||
      typeof parsed.sitemaps !== 'object' ||
      typeof parsed.unstored !== 'object'
    ) {
      throw new Error(`not a format-${FORMAT} state file`);
    }
    return {
      robots: parsed.robots,
      sitemaps: parsed.sitemaps ?? {},
      pages: parsed.pages.filter(isMirrorRecord),
      unstored: parsed.unstored ?? {},
    };
  } catch (error) {
    log(`Ignoring ${file} (${errorMessage(error)}); fetching every page in full.`);
    return empty;
  }
}

/** Whether `page` is a page record whose path stays inside the mirror (the file is ours, but is not trusted with paths). */
function isMirrorRecord(page: unknown): page is WebPageRecord {
  const record = page as Partial<WebPageRecord> | null;
  if (typeof record?.path !== 'string' || typeof record.url !== 'string' || typeof record.contentType !== 'string')
    return false;
  return (
    record.path !== '' &&
    !record.path.startsWith('/') &&
    !record.path.split(/[/\\]/).some((segment) => segment === '..' || segment === '.' || segment === '')
  );
}

/** Saves `state` in `cacheDir` atomically. */
export async function writeWebSourceState(cacheDir: string, state: WebSourceState): Promise<void> {
  await writeFileAtomically(
    path.join(cacheDir, STATE_FILE),
    `${JSON.stringify({ format: FORMAT, ...state }, null, 2)}\n`,
  );
}
