import { z } from 'zod';
import { ENVIRONMENT_NAME_PATTERN } from './index-ref.js';

const chromaStoreSchema = z.strictObject({
  kind: z.literal('chroma'),
  /** URL of an existing Chroma server. When absent, ragship runs its own embedded server. */
  url: z.url().optional(),
});

const pineconeStoreSchema = z.strictObject({
  kind: z.literal('pinecone'),
  index: z.string().min(1),
});

const gateSchema = z.strictObject({
  min: z.number().optional(),
  maxDrop: z.number().nonnegative().optional(),
});

const environmentSchema = z.strictObject({
  vectorStore: z.discriminatedUnion('kind', [chromaStoreSchema, pineconeStoreSchema]).default({ kind: 'chroma' }),
  gates: z.record(z.string(), gateSchema).default({}),
});

/** The schema of `ragship.config.yaml`. Every key is optional; defaults give the embedded setup. */
export const configSchema = z.strictObject({
  /** Embedder id: `local` (offline, built in), `openai:<model>`, `ollama:<model>`. */
  embedder: z.string().min(1).default('local'),
  /** Answerer id: `extractive` (offline, built in), `openai:<model>`, `ollama:<model>`. */
  answerer: z.string().min(1).default('extractive'),
  /** Where the registry lives: `sqlite:<path>` (relative to the data directory's parent) or a postgres URL. */
  registry: z.strictObject({ url: z.string().min(1).default('sqlite:.ragship/registry.db') }).default({
    url: 'sqlite:.ragship/registry.db',
  }),
  /** Chunk size and overlap, in characters. */
  chunking: z
    .strictObject({
      size: z.int().min(50).max(100_000).default(1000),
      overlap: z.int().min(0).default(100),
    })
    .refine((chunking) => chunking.overlap < chunking.size, {
      message: 'chunking.overlap must be smaller than chunking.size',
      path: ['overlap'],
    })
    .default({ size: 1000, overlap: 100 }),
  /** Directory for local state (registry file, embedded Chroma data). Default `.ragship`. */
  dataDir: z.string().min(1).default('.ragship'),
  /** HTTP API settings. */
  api: z
    .strictObject({
      port: z.int().min(0).max(65_535).default(3000),
      host: z.string().min(1).default('0.0.0.0'),
      /** Largest accepted request body, e.g. `64kb`. */
      bodyLimit: z.string().default('64kb'),
      /** Seconds a resolved alias is cached before the registry is asked again. */
      aliasRefreshSeconds: z.number().positive().default(2),
    })
    .default({ port: 3000, host: '0.0.0.0', bodyLimit: '64kb', aliasRefreshSeconds: 2 }),
  /** The kb served when a request names none. */
  defaultKb: z.string().regex(ENVIRONMENT_NAME_PATTERN).default('docs'),
  /** Environments by name; each has its own vector store and gates. */
  environments: z
    .record(z.string().regex(ENVIRONMENT_NAME_PATTERN, 'environment names are lower-case words'), environmentSchema)
    .default({ dev: { vectorStore: { kind: 'chroma' }, gates: {} } }),
});

/** The parsed configuration, with defaults applied. */
export type RagshipConfig = z.infer<typeof configSchema>;
/** One environment's settings. */
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
/** One environment's vector store settings. */
export type VectorStoreConfig = EnvironmentConfig['vectorStore'];
