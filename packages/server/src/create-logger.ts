import { pino, type DestinationStream, type Logger } from 'pino';
import { maskUrlSecrets } from '@ragship/core';

/** What replaces the value of a field that holds a credential, in a log line. */
const LOG_REDACTED = '[REDACTED]';

/**
 * Headers and fields whose values are credentials: request and response headers
 * (`authorization`, `cookie`, …) and what configs and errors name their secrets (`apiKey`, `keys`,
 * `password`, `token`, …).
 */
const SECRET_FIELDS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'api_key',
  'apiKeys',
  'key',
  'keys',
  'password',
  'passwd',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'secret',
  'clientSecret',
  'client_secret',
  'credentials',
  'connectionString',
];

/** How deep in a logged object {@link SECRET_FIELDS} are found: `password`, `*.password`, … `*.*.*.*.password`. */
const REDACT_DEPTH = 5;

/** How deep {@link maskSecrets} looks into a logged object for URLs. */
const MASK_DEPTH = 8;

/**
 * pino `redact` paths: each of {@link SECRET_FIELDS} at the top of a log line and up to four
 * levels below it, so `headers.authorization`, `request.headers.cookie`,
 * `config.providers.openai.apiKey` and `config.api.keys` are all covered.
 */
const LOG_REDACT_PATHS: readonly string[] = Array.from({ length: REDACT_DEPTH }, (_, depth) =>
  SECRET_FIELDS.map((field) => '*.'.repeat(depth) + (/^[A-Za-z_]\w*$/.test(field) ? field : `["${field}"]`)),
).flat();

/**
 * The one logger setup of the API's processes (`apps/api`, `ragship serve`): pino JSON lines on
 * `destination` (default stdout) in which no credential appears. Fields named like credentials
 * ({@link LOG_REDACT_PATHS}) print as `[REDACTED]`; in every string, the message and errors
 * (message, stack, causes) included, URL passwords and credential query parameters print as
 * `***` (`maskUrlSecrets`).
 */
export function createLogger(options: { name: string; level?: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      ...options,
      redact: { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACTED },
      serializers: {
        err: (error: unknown) => maskSecrets(pino.stdSerializers.err(error as Error)),
        msg: (message: unknown) => (typeof message === 'string' ? maskUrlSecrets(message) : message),
      },
      formatters: { log: maskSecrets, bindings: maskSecrets },
    },
    destination,
  );
}

/**
 * `value` as it will print, with URL secrets masked in every string: plain objects and arrays
 * are copied (the caller's are left alone), objects with `toJSON` (a `URL`) are converted first.
 * Errors are left to the `err` serializer.
 */
function maskSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskUrlSecrets(value) as T;
  if (typeof value !== 'object' || value === null || value instanceof Error || depth >= MASK_DEPTH) return value;
  if (hasToJson(value)) return maskSecrets(value.toJSON() as T, depth + 1);
  if (Array.isArray(value)) return value.map((item: unknown) => maskSecrets(item, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSecrets(item, depth + 1)])) as T;
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return 'toJSON' in value && typeof value.toJSON === 'function';
}
