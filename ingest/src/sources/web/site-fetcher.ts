import { errorMessage, maskUrlSecrets } from '@ragship/core';
import { credentialFreeUrl, withoutUserInfo } from './credential-free-url.js';
import type { RequestPacer } from './request-pacer.js';
import { mediaTypeOf } from './web-content-types.js';

/** What a server said about a response's version, sent back on the next request to ask "changed since?". */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** How one GET ended, after following redirects within scope. `url` is the last URL requested. */
export type FetchOutcome =
  | { kind: 'ok'; url: URL; mediaType: string; validators: Validators; body: Buffer }
  /** 304: the copy the validators describe is current. */
  | { kind: 'not-modified'; url: URL }
  /** A type not in `accept`; its body was not read. */
  | { kind: 'unsupported-type'; url: URL; mediaType: string; validators: Validators }
  /** Over the size limit; `bytes` when the server announced it. The rest of the body was not read. */
  | { kind: 'too-large'; url: URL; bytes: number | undefined }
  | { kind: 'http-error'; url: URL; status: number }
  /** `location` is credential-free. */
  | { kind: 'redirect-out-of-scope'; url: URL; location: string }
  /** More than five redirects in a row. */
  | { kind: 'too-many-redirects'; url: URL }
  /** No answer: refused, reset, timed out. */
  | { kind: 'network-error'; url: URL; message: string };

/** One GET of {@link SiteFetcher}. */
export interface FetchRequest {
  url: URL;
  /** The validators to send for a URL, asked again at every redirect hop; none sends an unconditional request. */
  validatorsFor?: (url: URL) => Promise<Validators | undefined> | Validators | undefined;
  /** Media types whose body is read; another type ends as `unsupported-type`. Default: any type. */
  accept?: ReadonlySet<string>;
  /** Whether a redirect to `url` may be followed. */
  inScope: (url: URL) => boolean;
}

/** Options of {@link createSiteFetcher}. */
export interface SiteFetcherOptions {
  userAgent: string;
  /** Sent only to `origin`, never to another host a redirect names. */
  authorization: string | undefined;
  origin: string;
  timeoutMs: number;
  maxBytes: number;
  pacer: RequestPacer;
  signal?: AbortSignal | undefined;
}

/** Sends the GET requests of one web source to its site: paced, timed out, size-limited, conditional. */
export interface SiteFetcher {
  /** @throws the signal's reason when the run is aborted; every other failure is an outcome. */
  fetch(request: FetchRequest): Promise<FetchOutcome>;
}

/** Most redirects followed for one request. */
export const MAX_REDIRECTS = 5;

/** Whether an outcome is a failure that may pass: no answer, a 5xx, 408 Request Timeout or 429 Too Many Requests. */
export function isTransientFailure(outcome: FetchOutcome): boolean {
  if (outcome.kind === 'network-error') return true;
  return outcome.kind === 'http-error' && (outcome.status >= 500 || outcome.status === 408 || outcome.status === 429);
}

type HopOutcome = FetchOutcome | { kind: 'redirect'; location: URL };

/** A fetcher for one site. Redirects are followed by hand, up to five, and only within the request's scope. */
export function createSiteFetcher(options: SiteFetcherOptions): SiteFetcher {
  return {
    async fetch(request) {
      let url = request.url;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const outcome = await fetchOnce(options, url, await request.validatorsFor?.(url), request.accept);
        if (outcome.kind !== 'redirect') return outcome;
        if (!request.inScope(outcome.location)) {
          return { kind: 'redirect-out-of-scope', url, location: credentialFreeUrl(outcome.location) };
        }
        url = outcome.location;
      }
      return { kind: 'too-many-redirects', url };
    },
  };
}

async function fetchOnce(
  options: SiteFetcherOptions,
  url: URL,
  validators: Validators | undefined,
  accept: ReadonlySet<string> | undefined,
): Promise<HopOutcome> {
  const answered = await options.pacer.waitTurn(options.signal);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(withoutUserInfo(url), {
      headers: requestHeaders(options, url, validators, accept),
      redirect: 'manual',
      signal,
    }).finally(answered);
    return await readResponse(url, response, accept, options.maxBytes);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const message = timeout.aborted ? `timed out after ${options.timeoutMs} ms` : describeFetchError(error);
    return { kind: 'network-error', url, message };
  }
}

function requestHeaders(
  options: SiteFetcherOptions,
  url: URL,
  validators: Validators | undefined,
  accept: ReadonlySet<string> | undefined,
): Headers {
  const headers = new Headers({ 'user-agent': options.userAgent });
  if (accept) headers.set('accept', [...accept, '*/*;q=0.1'].join(', '));
  if (options.authorization && url.origin === options.origin) headers.set('authorization', options.authorization);
  if (validators?.etag) headers.set('if-none-match', validators.etag);
  if (validators?.lastModified) headers.set('if-modified-since', validators.lastModified);
  return headers;
}

async function readResponse(
  url: URL,
  response: Response,
  accept: ReadonlySet<string> | undefined,
  maxBytes: number,
): Promise<HopOutcome> {
  const location = response.headers.get('location');
  if (response.status === 304) return discard(response, { kind: 'not-modified', url });
  if (response.status >= 300 && response.status < 400 && location !== null) {
    return discard(response, { kind: 'redirect', location: new URL(location, url) });
  }
  if (!response.ok) return discard(response, { kind: 'http-error', url, status: response.status });
  const mediaType = mediaTypeOf(response.headers.get('content-type'));
  const validators = validatorsOf(response);
  if (accept && !accept.has(mediaType))
    return discard(response, { kind: 'unsupported-type', url, mediaType, validators });
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > maxBytes) return discard(response, { kind: 'too-large', url, bytes: announced });
  const body = await readAtMost(response, maxBytes);
  if (!body) return { kind: 'too-large', url, bytes: undefined };
  return { kind: 'ok', url, mediaType, validators, body };
}

function validatorsOf(response: Response): Validators {
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** The body, or undefined as soon as it passes `maxBytes` (the rest is not read). */
async function readAtMost(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

async function discard<T>(response: Response, outcome: T): Promise<T> {
  await response.body?.cancel().catch(() => undefined);
  return outcome;
}

/** fetch's "fetch failed" with the reason it wraps (`ECONNREFUSED`, `ENOTFOUND`, …), URL secrets masked. */
function describeFetchError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  let message = errorMessage(error);
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    message = code ? `${message} (${code})` : `${message}: ${cause.message}`;
  }
  return maskUrlSecrets(message);
}
