import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { ConfigError, RagshipError, maskUrlSecrets } from '@ragship/core';
import { callRagshipApi, type RagshipApiConnection } from './call-ragship-api.js';
import { checkedRetrieverOptions } from './retriever-options.js';

/** A value a filter compares a metadata field with. */
export type RagshipFilterValue = string | number | boolean;

/** Options of {@link RagshipRetriever}. */
export interface RagshipRetrieverOptions extends BaseRetrieverInput {
  /** The ragship API's base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** A key of the API (`api.keys`), sent as a bearer token. Needed when the API has keys. */
  apiKey?: string | undefined;
  /** The kb to search. Default: the API's `defaultKb`, else the only kb its environment serves. */
  kb?: string | undefined;
  /** The environment the API must serve, e.g. `prod`; documents from another one are refused. Default: any. */
  environment?: string | undefined;
  /** A ready version to search instead of the one the environment serves, `v<N>`, e.g. `v3`. */
  version?: string | undefined;
  /** How many documents to return, 1–50. Default: the API's (`retrieval.k`). */
  k?: number | undefined;
  /** Only chunks whose metadata matches every key (a list: any of its values), e.g. `{ docId: 'guide.md' }`. */
  filter?: Record<string, RagshipFilterValue | RagshipFilterValue[]> | undefined;
  /** The fetch to call the API with. Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Longest one request may take, in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined;
}

/** The metadata of every document a {@link RagshipRetriever} returns. */
export interface RagshipDocumentMetadata {
  /** Stable id of the chunk (also the document's `id`). */
  chunkId: string;
  /** The document's path in the ingested source, e.g. `rolling-back.md`. */
  docId: string;
  source: string;
  title: string;
  /** Fused retrieval score, 1 for a chunk first in every ranking. */
  score: number;
  kb: string;
  /** The version searched, `v<N>`. */
  version: string;
  /** `<kb>@v<N>`, as the API's `X-Index-Version` header says. */
  indexVersion: string;
  /** The environment whose API answered, e.g. `prod`. */
  environment: string;
}

interface RetrieveAnswer {
  results: { chunkId: string; docId: string; source: string; title: string; text: string; score: number }[];
  kb: string;
  indexVersion: string;
  environment?: string;
}

/**
 * A LangChain retriever over a running ragship API: every query is a `POST /v1/retrieve`, every
 * retrieved chunk a `Document` (`pageContent`: the chunk's text) whose metadata says which kb,
 * version and environment it came from ({@link RagshipDocumentMetadata}). A refused request throws
 * a `RagshipApiError` carrying the API's error code and message; an API serving another environment
 * than `environment`, or another version than `version`, throws rather than return its documents.
 */
export class RagshipRetriever extends BaseRetriever<RagshipDocumentMetadata> {
  static override lc_name(): string {
    return 'RagshipRetriever';
  }
  override lc_namespace = ['ragship', 'retrievers'];

  /** Kept in a private field, so the API key stays out of logs, traces and `JSON.stringify`. */
  readonly #connection: RagshipApiConnection;
  readonly #request: Pick<RagshipRetrieverOptions, 'kb' | 'k' | 'filter' | 'version'>;
  readonly #environment: string | undefined;

  constructor(options: RagshipRetrieverOptions) {
    const { url, apiKey, kb, environment, version, k, filter, fetch, timeoutMs, ...base } = options;
    super(base);
    const checked = checkedRetrieverOptions({ url, kb, environment, version, k, timeoutMs });
    this.#connection = {
      baseUrl: checked.baseUrl,
      apiKey,
      fetch: fetch ?? globalThis.fetch,
      timeoutMs: checked.timeoutMs,
    };
    this.#request = { kb, k, filter, version };
    this.#environment = environment;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<RagshipDocumentMetadata>[]> {
    const { body, headers } = await callRagshipApi(this.#connection, {
      method: 'POST',
      route: '/v1/retrieve',
      body: { query, ...definedOnly(this.#request) },
    });
    const answer = retrieveAnswerOf(body, maskUrlSecrets(this.#connection.baseUrl));
    const indexVersion = headers.get('x-index-version') ?? `${answer.kb}@${answer.indexVersion}`;
    const environment = this.#checkEnvironment(answer);
    if (this.#request.version && answer.indexVersion !== this.#request.version) {
      throw new RagshipError(
        'VERSION_MISMATCH',
        `Asked the ragship API for ${answer.kb}@${this.#request.version}, it answered from ${indexVersion}.`,
      );
    }
    return answer.results.map(
      (result) =>
        new Document<RagshipDocumentMetadata>({
          id: result.chunkId,
          pageContent: result.text,
          metadata: {
            chunkId: result.chunkId,
            docId: result.docId,
            source: result.source,
            title: result.title,
            score: result.score,
            kb: answer.kb,
            version: answer.indexVersion,
            indexVersion,
            environment,
          },
        }),
    );
  }

  /** The environment the API reports; a ConfigError when it is not the one asked for, or unreported. */
  #checkEnvironment(answer: RetrieveAnswer): string {
    const where = maskUrlSecrets(this.#connection.baseUrl);
    if (this.#environment === undefined) return answer.environment ?? 'unknown';
    if (answer.environment === undefined) {
      throw new ConfigError(
        `The ragship API at ${where} does not say which environment it serves (an API older than ` +
          `"environment" on /v1/retrieve), so it cannot be checked to be "${this.#environment}": leave environment unset.`,
        'environment',
      );
    }
    if (answer.environment !== this.#environment) {
      throw new ConfigError(
        `The ragship API at ${where} serves environment "${answer.environment}", not "${this.#environment}".`,
        'environment',
      );
    }
    return answer.environment;
  }
}

/** The options the request body carries, without the ones left unset. */
function definedOnly(request: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
}

/** The body as a retrieve answer; `API_ERROR` when it is not one. */
function retrieveAnswerOf(body: unknown, where: string): RetrieveAnswer {
  const answer = body as Partial<RetrieveAnswer> | null;
  const wellFormed =
    typeof answer?.kb === 'string' &&
    typeof answer.indexVersion === 'string' &&
    Array.isArray(answer.results) &&
    answer.results.every((result) => typeof result?.text === 'string' && typeof result.chunkId === 'string');
  if (!wellFormed) {
    throw new RagshipError(
      'API_ERROR',
      `The ragship API at ${where} answered POST /v1/retrieve with a body that is not a retrieve answer ` +
        '(results, kb and indexVersion expected).',
    );
  }
  return answer as RetrieveAnswer;
}
