import { isIP } from 'node:net';
import { z } from 'zod';
import { API_ROLES } from './api-keys.js';
import { ENVIRONMENT_NAME_PATTERN, KB_NAME_PATTERN } from './index-ref.js';

const chromaStoreSchema = z.strictObject({
  kind: z.literal('chroma'),
  /** URL of an existing Chroma server. When absent, ragship runs its own embedded server. */
  url: z.url().optional(),
  /**
   * Also write each chunk's text as its Chroma document (Chroma full-text indexes documents, which
   * ragship's search does not use, at the cost of slower writes). Off: the text is kept in the
   * chunk's metadata field `text`.
   */
  documents: z.boolean().optional(),
});

const pineconeStoreSchema = z.strictObject({
  kind: z.literal('pinecone'),
  /**
   * The Pinecone index, or a template: `{kb}` stands for the kb's name and `{env}` for the
   * environment's, so the default gives each kb its own index per environment. An index is
   * created (serverless, cosine) when missing.
   */
  index: z.string().min(1).default('ragship-{kb}-{env}'),
  /** Where indexes ragship creates live. */
  cloud: z.string().min(1).default('aws'),
  region: z.string().min(1).default('us-east-1'),
  /**
   * Control-plane URL, for Pinecone Local or a proxy; default Pinecone's own.
   * `PINECONE_CONTROLLER_HOST` sets it too.
   */
  controllerUrl: z.url().optional(),
  /** The API key; prefer `PINECONE_API_KEY` over writing it into the file. */
  apiKey: z.string().min(1).optional(),
});

/**
 * One quality gate on a metric of the candidate version. `min`/`max` bound the value;
 * `maxDrop`/`maxRise` bound the change against the version the environment serves now (absolute
 * units of the metric), and pass when nothing is served yet.
 */
const gateSchema = z
  .strictObject({
    min: z.number().optional(),
    max: z.number().optional(),
    maxDrop: z.number().nonnegative().optional(),
    maxRise: z.number().nonnegative().optional(),
  })
  .refine((gate) => Object.keys(gate).length > 0, {
    message: 'a gate needs at least one of min, max, maxDrop, maxRise',
  });

/** HTTP API settings; an environment may override any of them. */
const apiKeySecret = z.string().min(16, 'an API key must be at least 16 characters');

/**
 * One API key: a bare key string (a `reader`, known as `key-<n>`), or a named key with a role and
 * optionally the kbs it may use.
 */
const apiKeyEntrySchema = z.union([
  apiKeySecret,
  z.strictObject({
    /** Who holds the key: the audit log's actor for what it does. */
    name: z.string().regex(/^[\w.@-]{1,64}$/, 'a key name is 1–64 letters, digits, ".", "@", "_" or "-"'),
    key: apiKeySecret,
    /** `reader`: chat, retrieve, feedback; `operator`: also the admin API's reads, ingestions, promote and rollback; `admin`: everything. */
    role: z.enum(API_ROLES).default('reader'),
    /** The kbs the key may use; absent: all. */
    kbs: z.array(z.string().regex(KB_NAME_PATTERN, 'must be a kb name such as "docs"')).min(1).optional(),
  }),
]);

/** Whether `text` is a list Express's `trust proxy` takes: addresses, CIDR subnets and its named ranges. */
function isTrustedProxyList(text: string): boolean {
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  return text.split(',').every((entry) => {
    const [address = '', bits, ...rest] = entry.trim().split('/');
    if (rest.length > 0) return false;
    if (named.has(address) && bits === undefined) return true;
    const family = isIP(address);
    if (family === 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
}

const apiFields = {
  port: z.int().min(0).max(65_535),
  host: z.string().min(1),
  /** Largest accepted request body, e.g. `64kb`. */
  bodyLimit: z.string().min(1),
  /**
   * Seconds between re-reads of the environment's aliases: a promotion or rollback is served within
   * about this long.
   */
  aliasRefreshSeconds: z.number().positive(),
  /**
   * Bearer keys the API accepts on `/v1/*`; empty: no authentication. Prefer `RAGSHIP_API_KEYS`
   * (comma-separated) over writing keys into the file.
   */
  keys: z.array(apiKeyEntrySchema),
  /**
   * Refuse to start the API unless API keys are configured (`keys` or `RAGSHIP_API_KEYS`), so an
   * environment that must not be open (prod) cannot come up open by a missing secret. Default false.
   */
  requireAuth: z.boolean(),
  /**
   * Requests per minute per API key (or per client address without keys) on `/v1/*`, 0 turns the
   * limit off; failed API key attempts (401s) per minute per client address before it gets 429
   * (0: off); and `redisUrl` (`redis://` or `rediss://`, or `RAGSHIP_REDIS_URL`): counters every
   * replica shares, so the limits hold for the deployment rather than per replica.
   */
  rateLimit: z.strictObject({
    requestsPerMinute: z.int().min(0),
    failedAuthPerMinute: z.int().min(0).default(10),
    redisUrl: z
      .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
      .nullable()
      .default(null),
  }),
  /**
   * Which proxies' `X-Forwarded-For` names the client (rate limits and logs use its address):
   * `false` (default: the peer is the client), `true` (any: only behind a proxy that overwrites the
   * header), a hop count such as `1` (an ingress), or a comma-separated list of addresses, subnets
   * and the names `loopback`, `linklocal`, `uniquelocal`.
   */
  trustProxy: z.union([
    z.boolean(),
    z.int().min(0).max(32),
    z.string().refine(isTrustedProxyList, {
      message: 'must be addresses, CIDR subnets or loopback, linklocal, uniquelocal, separated by commas',
    }),
  ]),
  /** Browser origins allowed to call the API (CORS), e.g. `https://app.example.com`; `*` for any. Empty: none. */
  cors: z.strictObject({ origins: z.array(z.string().min(1)) }),
};
const apiSchema = z.strictObject({
  port: apiFields.port.default(3000),
  host: apiFields.host.default('0.0.0.0'),
  bodyLimit: apiFields.bodyLimit.default('64kb'),
  aliasRefreshSeconds: apiFields.aliasRefreshSeconds.default(1),
  keys: apiFields.keys.default([]),
  requireAuth: apiFields.requireAuth.default(false),
  rateLimit: apiFields.rateLimit.default({ requestsPerMinute: 600, failedAuthPerMinute: 10, redisUrl: null }),
  trustProxy: apiFields.trustProxy.default(false),
  cors: apiFields.cors.default({ origins: [] }),
});

/** Gates by metric name (`rejectedRate`, `documents`, `ndcg@10`, …). */
const gatesSchema = z.record(z.string().min(1), gateSchema).superRefine((gates, context) => {
  for (const metric of Object.keys(gates).filter((name) => name.startsWith('judge.'))) {
    context.addIssue({
      code: 'custom',
      path: [metric],
      message: 'LLM-judged metrics (judge.*) are advisory and cannot gate a promotion',
    });
  }
});

/** What answering does with risky content; see `guardrails` in {@link configSchema}. */
const guardrailsFields = {
  instructionChunks: z.enum(['exclude', 'downrank', 'allow']),
  downrankFactor: z.number().min(0).max(1),
  redactPii: z.boolean(),
};

const environmentSchema = z.strictObject({
  vectorStore: z.discriminatedUnion('kind', [chromaStoreSchema, pineconeStoreSchema]).default({ kind: 'chroma' }),
  /** Gates every kb's version must pass to be promoted here; a kb's own (`kbs.<kb>.gates.<env>`) add to them. */
  gates: gatesSchema.default({}),
  /**
   * When set, only versions built with this embedder id can be promoted here (e.g.
   * `openai:text-embedding-3-small`).
   */
  embedder: z.string().min(1).optional(),
  /**
   * Whether the operations console (`POST /v1/admin/promotions`, `/v1/admin/rollbacks`) may move
   * this environment's aliases. Default true; e.g. false for prod when only CD promotes there.
   */
  consolePromotion: z.boolean().default(true),
  /**
   * Where this environment's API answers, e.g. `https://ragship.prod.example.com`: the console
   * reads the build it runs from `<apiUrl>/version`. Absent: the build is shown only for the
   * environment the console's own API serves.
   */
  apiUrl: z.url({ protocol: /^https?$/, error: 'apiUrl must be an http(s) URL' }).optional(),
  /** Overrides of the top-level `api` settings for this environment's API. */
  api: z.strictObject(apiFields).partial().optional(),
  /**
   * Overrides of the top-level `guardrails` (`instructionChunks`, `downrankFactor`, `redactPii`)
   * for this environment, e.g. `{ redactPii: true }` where real users' questions and documents are
   * served (staging and prod in `infra/k8s`).
   */
  guardrails: z.strictObject(guardrailsFields).partial().optional(),
});

/** Validation rules applied to every document before anything is embedded. */
const validationSchema = z.strictObject({
  /** Fewer non-blank characters rejects a document (`too-short`). */
  minChars: z.int().min(0).default(20),
  /** More characters rejects a document (`too-long`). */
  maxChars: z.int().positive().default(2_000_000),
  /** Email addresses, phone numbers, card and national id numbers: ignore, flag, redact or reject. */
  pii: z.enum(['off', 'flag', 'redact', 'reject']).default('flag'),
  /** Text that reads like instructions aimed at a model ("ignore previous instructions"): ignore, flag or reject. */
  instructions: z.enum(['off', 'flag', 'reject']).default('flag'),
  /** A document whose text exactly repeats an earlier one: keep or reject. */
  duplicates: z.enum(['off', 'reject']).default('reject'),
});

/** Ingestion settings. */
const ingestSchema = z.strictObject({
  /** Chunks embedded and written per batch; peak memory grows with this, not with the corpus. */
  batchSize: z.int().min(1).max(10_000).default(256),
  /** Embedding requests in flight at once. */
  concurrency: z.int().min(1).max(64).default(2),
  /** Glob patterns (relative to the ingested directory) of files to leave out. */
  exclude: z.array(z.string()).default([]),
  /**
   * Load the files symbolic links point to outside the ingested directory. Default false: such a
   * link is skipped (listed with its reason), so writing the corpus cannot pull in other files.
   */
  followLinksOutside: z.boolean().default(false),
  /**
   * Largest file loaded, in bytes; a larger one is skipped with its size, before any of it is read
   * (nor hashed). Default 50 MiB.
   */
  maxFileBytes: z.int().positive().default(52_428_800),
  /** Most rejected documents before the run fails: a count (`10`) or a share (`5%`). Unlimited when absent. */
  maxRejected: z
    .union([z.int().min(0), z.string().regex(/^\d+(\.\d+)?%$/, 'a count like 10 or a share like 5%')])
    .optional(),
});

/**
 * How remote sources are fetched (`ragship ingest <source>`, `ragship watch`, `kbs.<kb>.source`).
 * Credentials belong here (or in the environment), never in a source's URL: manifests and logs show
 * the URL.
 */
const sourcesSchema = z.strictObject({
  /** Web sites: an `http(s)://` URL crawled within its host and path, or a `….xml` sitemap. */
  web: z
    .strictObject({
      /** Most pages one run fetches. */
      maxPages: z.int().min(1).max(1_000_000).default(1000),
      /** Most links followed from the start URL (crawl mode). */
      maxDepth: z.int().min(0).max(100).default(5),
      /** Requests in flight at once. */
      concurrency: z.int().min(1).max(32).default(2),
      /** Least time between the starts of two requests to the site, in ms; a robots.txt `Crawl-delay` may raise it. */
      delayMs: z.int().min(0).max(60_000).default(250),
      /** Time limit of one request, in ms. */
      timeoutMs: z.int().min(100).max(600_000).default(15_000),
      /** The User-Agent sent, and matched against robots.txt. */
      userAgent: z.string().min(1).optional(),
    })
    .default({ maxPages: 1000, maxDepth: 5, concurrency: 2, delayMs: 250, timeoutMs: 15_000 }),
  /** Git repositories (`git+https://…`, `git+ssh://…`, `git+file://…`). */
  git: z
    .strictObject({
      /** HTTPS credentials (a token as the password); `RAGSHIP_GIT_USERNAME` / `RAGSHIP_GIT_PASSWORD` override. SSH uses the machine's ssh setup. */
      username: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      /** Time limit of one git command, in ms. */
      timeoutMs: z.int().min(1000).max(3_600_000).default(120_000),
    })
    .default({ timeoutMs: 120_000 }),
  /** S3 and S3-compatible buckets (`s3://bucket/prefix`). Without keys here the AWS SDK's own chain applies (AWS_* variables, profiles). */
  s3: z
    .strictObject({
      /** An S3-compatible server (MinIO, R2, Ceph, …); unset: AWS. `RAGSHIP_S3_ENDPOINT` overrides. */
      endpoint: z.url().optional(),
      region: z.string().min(1).optional(),
      /** Path-style addressing (`endpoint/bucket/key`); default true with an `endpoint`. */
      forcePathStyle: z.boolean().optional(),
      accessKeyId: z.string().min(1).optional(),
      secretAccessKey: z.string().min(1).optional(),
      sessionToken: z.string().min(1).optional(),
    })
    .default({}),
});

/** Endpoints and credentials of model providers; environment variables override them. */
const providersSchema = z.strictObject({
  openai: z
    .strictObject({
      /** OpenAI-compatible API base, e.g. `https://api.openai.com/v1` or a vLLM/TGI server's `/v1`. */
      baseUrl: z.url().default('https://api.openai.com/v1'),
      /** Prefer `OPENAI_API_KEY`; a key in a file is a key in a repository sooner or later. */
      apiKey: z.string().optional(),
    })
    .default({ baseUrl: 'https://api.openai.com/v1' }),
  ollama: z
    .strictObject({ baseUrl: z.url().default('http://127.0.0.1:11434') })
    .default({ baseUrl: 'http://127.0.0.1:11434' }),
});

const retrievalSchema = z.strictObject({
  candidates: z.int().min(1).max(500).default(50),
  fusion: z
    .strictObject({
      rrfK: z.number().min(0).max(1000).default(10),
      lexicalWeight: z.number().min(0).default(1),
      denseWeight: z.union([z.literal('auto'), z.number().min(0)]).default('auto'),
    })
    .default({ rrfK: 10, lexicalWeight: 1, denseWeight: 'auto' }),
  relevanceFloor: z
    .strictObject({
      coverage: z.number().min(0).max(1).default(0.3),
      similarity: z.number().min(-1).max(1).nullable().default(null),
    })
    .default({ coverage: 0.3, similarity: null }),
});

/** The retrieval settings when the config sets none: the schema's defaults. */
export const DEFAULT_RETRIEVAL: RetrievalSettings = retrievalSchema.parse({});

/**
 * What a screen does with a question or answer a check finds something in: `allow` it unrecorded,
 * `flag` it (answered, but counted in metrics and marked on the trace), or `refuse` it.
 */
const screenActionSchema = z.enum(['allow', 'flag', 'refuse']);

const guardrailsSchema = z.strictObject({
  instructionChunks: guardrailsFields.instructionChunks.default('downrank'),
  downrankFactor: guardrailsFields.downrankFactor.default(0.5),
  redactPii: guardrailsFields.redactPii.default(false),
  /**
   * The screen of every question (chat and `/v1/retrieve`) before retrieval: prompt-injection
   * attempts (`injection`, in the question and its history), profanity and slurs (`toxicity`),
   * personal data (`pii`). A refused question is answered 422 `QUESTION_REFUSED`.
   */
  questions: z
    .strictObject({
      injection: screenActionSchema.default('refuse'),
      toxicity: screenActionSchema.default('refuse'),
      pii: screenActionSchema.default('flag'),
    })
    .default({ injection: 'refuse', toxicity: 'refuse', pii: 'flag' }),
  /**
   * The screen of every answer, streamed ones as they go: profanity and slurs (`toxicity`),
   * personal data (`pii`; `redactPii` redacts it either way), a long stretch of the LLM's system
   * prompt (`systemPrompt`). A refused answer is withheld: 422 `ANSWER_REFUSED`, or that error as
   * the stream's `error` event. `links`: links and images in answers are kept only when they point
   * at a cited source's host (`cited`), all removed (`none`), or left as generated (`allow`).
   * `markup`: active HTML in answers (scripts, styles, frames, forms, event handlers, script URLs)
   * is removed (`remove`), or left as generated (`allow`, for a kb about HTML whose clients show
   * answers as text).
   */
  answers: z
    .strictObject({
      toxicity: screenActionSchema.default('refuse'),
      pii: screenActionSchema.default('allow'),
      systemPrompt: screenActionSchema.default('refuse'),
      links: z.enum(['cited', 'none', 'allow']).default('cited'),
      markup: z.enum(['remove', 'allow']).default('remove'),
    })
    .default({ toxicity: 'refuse', pii: 'allow', systemPrompt: 'refuse', links: 'cited', markup: 'remove' }),
});

/**
 * The guardrails when the config sets none (the schema's defaults): down-rank instruction-like
 * chunks, keep personal data; refuse questions that attempt prompt injection or are abusive, flag
 * those with personal data; refuse abusive answers and answers that leak the system prompt; keep
 * only links to cited sources; remove active markup.
 */
export const DEFAULT_GUARDRAILS: GuardrailSettings = guardrailsSchema.parse({});

/**
 * OpenTelemetry traces to Arize Phoenix (or any OTLP/HTTP collector). Off without an endpoint.
 * `projectName` defaults to `ragship-<environment>`; `hideInputs`/`hideOutputs` leave questions
 * and answers out of spans.
 */
const tracingSchema = z.strictObject({
  endpoint: z
    .url({ protocol: /^https?$/, error: 'tracing.endpoint must be an http(s) URL' })
    .nullable()
    .default(null),
  projectName: z.string().min(1).max(200).nullable().default(null),
  hideInputs: z.boolean().default(false),
  hideOutputs: z.boolean().default(false),
  /**
   * Phoenix's web UI, for the chat page's "view trace" links (`<uiUrl>/redirects/traces/<id>`).
   * Default: the collector endpoint's origin (Phoenix serves both on one port).
   */
  uiUrl: z.url({ protocol: /^https?$/, error: 'tracing.uiUrl must be an http(s) URL' }).optional(),
  /** Sent to the collector as a Bearer token; set it with `PHOENIX_API_KEY` rather than in the file. */
  apiKey: z.string().min(1).optional(),
});

/**
 * Drift monitoring: each served version's latest `window` retrievals are compared with its
 * baseline by PSI per signal; at `threshold` the version is drifting (a warning in the log, the
 * `ragship_drift_status` metric, `GET /v1/monitoring`). The baseline is measured at promotion on
 * the kb's query set in `baselineQueries` (a JSON Lines or text file, relative to the config
 * file), else the first `trafficBaseline` retrievals become it (0: never).
 */
const monitoringSchema = z.strictObject({
  drift: z
    .strictObject({
      threshold: z.number().positive().default(0.25),
      window: z.int().min(10).max(100_000).default(200),
      /** Default: the window (a verdict once it is full). */
      minSamples: z.int().min(1).optional(),
      trafficBaseline: z.int().min(0).max(100_000).default(500),
      baselineQueries: z.record(z.string().regex(ENVIRONMENT_NAME_PATTERN), z.string().min(1)).default({}),
    })
    .refine((drift) => (drift.minSamples ?? 0) <= drift.window, {
      message: 'monitoring.drift.minSamples must not exceed monitoring.drift.window',
      path: ['minSamples'],
    })
    .default({ threshold: 0.25, window: 200, trafficBaseline: 500, baselineQueries: {} }),
  /**
   * How long after an answer `POST /v1/feedback` accepts a rating of it. Answers are kept on record
   * (trace id, kb, version, who asked) in the registry this long, then pruned; feedback on a trace
   * id not on record is refused.
   */
  feedbackWindowDays: z.int().min(1).max(3650).default(30),
});

/**
 * What belongs to one knowledge base wherever it is served: its golden set and its quality gates.
 * A kb's gates for an environment are added to that environment's `gates`; a metric named in both
 * takes the kb's rule.
 */
const kbSchema = z.strictObject({
  /**
   * Where the kb's documents come from, for runs that name no source of their own (a `POST
   * /v1/admin/ingestions` request, which runs only a configured source): a directory (relative to
   * the config file), an `http(s)://` URL, a git repository (`git+https://…`, `git+ssh://…`,
   * `git+file://…`, optional `#<ref>`) or `s3://bucket/prefix`. Credentials belong in `sources` or
   * the environment; one left in the URL is never shown: records and answers carry it without.
   */
  source: z.string().min(1).optional(),
  /**
   * The kb's eval dataset (golden set): a BEIR (`queries.jsonl` + `qrels/`) or QA
   * (`questions.jsonl`) directory, relative to the config file. `ragship eval <kb>` uses it when
   * `--dataset` is not given, and its queries are the kb's drift baseline unless
   * `monitoring.drift.baselineQueries.<kb>` names others.
   */
  eval: z.string().min(1).optional(),
  /** Gates by environment, then by metric name, that this kb's versions must pass there. */
  gates: z.record(z.string().regex(ENVIRONMENT_NAME_PATTERN), gatesSchema).default({}),
  /**
   * Fields of JSON records (`meta.<field>` on chunks) that chat and retrieve filters may name, e.g.
   * `[year, category]`. Record fields are never shown to clients, so by default none is filterable:
   * a filter on a hidden field would tell by its results whether the field has a given value.
   */
  filterFields: z.array(z.string().regex(/^\S{1,64}$/, 'a record field name, without "meta."')).default([]),
});

/** The schema of `ragship.config.yaml`. Every key is optional; defaults give the embedded setup. */
export const configSchema = z
  .strictObject({
    /** Embedder id: `local` (offline, built in), `openai:<model>`, `ollama:<model>`. */
    embedder: z.string().min(1).default('local'),
    /** Answerer id: `extractive` (offline, built in), `openai:<model>`, `ollama:<model>`. */
    answerer: z.string().min(1).default('extractive'),
    /**
     * What answering does with risky content: chunks flagged at ingestion as instruction-like
     * (`exclude`d, `downrank`ed by `downrankFactor`, or `allow`ed), and personal data
     * (`redactPii`): redacted in answers and citation snippets, in every span sent to Phoenix and in
     * stored feedback comments. An environment may override them (`environments.<env>.guardrails`).
     */
    guardrails: guardrailsSchema.default(DEFAULT_GUARDRAILS),
    /**
     * Hybrid retrieval: the `candidates` best chunks of the dense search and of the BM25 index are
     * fused by weighted reciprocal rank (`weight / (rrfK + rank)`). `denseWeight: auto` is 0.1 for
     * the built-in `local` embedder, itself lexical, whose votes mostly repeat BM25's (measured on
     * SciFact dev: 0.690 nDCG@10 at 0.1 against 0.564 at 1), and 1 for model embedders. Below the
     * relevance floor the answer is "I don't know": no chunk covers `coverage` of the question's
     * IDF-weighted terms and, when `similarity` is set, none is that cosine-similar to it.
     */
    retrieval: retrievalSchema.default(DEFAULT_RETRIEVAL),
    /** Limits on every LLM answer: tokens generated, seconds before it is cancelled, temperature. */
    generation: z
      .strictObject({
        maxTokens: z.int().min(1).max(32_768).default(512),
        timeoutSeconds: z.number().positive().max(600).default(30),
        temperature: z.number().min(0).max(2).default(0),
      })
      .default({ maxTokens: 512, timeoutSeconds: 30, temperature: 0 }),
    /** Where the registry lives: `sqlite:<path>` (relative to the data directory's parent) or a postgres URL. */
    registry: z.strictObject({ url: z.string().min(1).default('sqlite:.ragship/registry.db') }).default({
      url: 'sqlite:.ragship/registry.db',
    }),
    /** Chunk size and overlap, in characters. */
    chunking: z
      .strictObject({
        size: z.int().min(50).max(100_000).default(1500),
        overlap: z.int().min(0).default(300),
      })
      .refine((chunking) => chunking.overlap < chunking.size, {
        message: 'chunking.overlap must be smaller than chunking.size',
        path: ['overlap'],
      })
      .default({ size: 1500, overlap: 300 }),
    validation: validationSchema.default(validationSchema.parse({})),
    ingest: ingestSchema.default(ingestSchema.parse({})),
    sources: sourcesSchema.default(sourcesSchema.parse({})),
    providers: providersSchema.default(providersSchema.parse({})),
    /** Directory for local state (registry file, embedded Chroma data). Default `.ragship`. */
    dataDir: z.string().min(1).default('.ragship'),
    /** HTTP API settings. */
    api: apiSchema.default(apiSchema.parse({})),
    tracing: tracingSchema.default(tracingSchema.parse({})),
    monitoring: monitoringSchema.default(monitoringSchema.parse({})),
    /** What `ragship gc` keeps: the newest `keepVersions` ready versions of every kb, besides any an alias needs. */
    retention: z.strictObject({ keepVersions: z.int().min(1).default(10) }).default({ keepVersions: 10 }),
    /**
     * The kb a chat or retrieve request naming none is for. Unset (the default): the environment's
     * only served kb; with several served, such a request is refused (400 `KB_REQUIRED`).
     */
    defaultKb: z.string().regex(ENVIRONMENT_NAME_PATTERN).optional(),
    /** Environments by name; each has its own vector store and gates. */
    environments: z
      .record(z.string().regex(ENVIRONMENT_NAME_PATTERN, 'environment names are lower-case words'), environmentSchema)
      .default({ dev: { vectorStore: { kind: 'chroma' }, gates: {}, consolePromotion: true } }),
    /** Knowledge bases by name: each one's golden set and gates. A kb needs no entry to be ingested or served. */
    kbs: z.record(z.string().regex(KB_NAME_PATTERN, 'kb names are lower-case words'), kbSchema).default({}),
  })
  .superRefine((config, context) => {
    for (const [kb, settings] of Object.entries(config.kbs)) {
      for (const environment of Object.keys(settings.gates)) {
        if (config.environments[environment]) continue;
        context.addIssue({
          code: 'custom',
          path: ['kbs', kb, 'gates', environment],
          message: `no environment "${environment}" is configured (${Object.keys(config.environments).join(', ')})`,
        });
      }
    }
  });

/** The parsed configuration, with defaults applied. */
export type RagshipConfig = z.infer<typeof configSchema>;
/** Validation rules. */
export type ValidationSettings = z.infer<typeof validationSchema>;
/** Ingestion settings. */
export type IngestSettings = z.infer<typeof ingestSchema>;
/** How remote sources are fetched. */
export type SourcesSettings = z.infer<typeof sourcesSchema>;

/** Model provider endpoints and credentials. */
export type ProviderSettings = z.infer<typeof providersSchema>;
/** One environment's settings. */
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
/** One environment's vector store settings. */
export type VectorStoreConfig = EnvironmentConfig['vectorStore'];
/** One kb's golden set and gates. */
export type KbConfig = z.infer<typeof kbSchema>;
/** A quality gate on one metric. */
export type GateConfig = z.infer<typeof gateSchema>;
/** Hybrid retrieval: candidates, fusion weights, relevance floor. */
export type RetrievalSettings = z.infer<typeof retrievalSchema>;
/** Guardrails on retrieved chunks and answers. */
export type GuardrailSettings = z.infer<typeof guardrailsSchema>;
/** What a screen does with what a check found: allow, flag or refuse. */
export type ScreenAction = z.infer<typeof screenActionSchema>;
/** `api.trustProxy`, as Express's `trust proxy` setting takes it. */
export type TrustProxy = boolean | number | string;
/** Tracing settings as configured (see `LoadedConfig.tracing` for the resolved ones). */
export type TracingConfig = z.infer<typeof tracingSchema>;
/** Drift monitoring settings. */
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
/** HTTP API settings. */
export type ApiSettings = z.infer<typeof apiSchema>;
