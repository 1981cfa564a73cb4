import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The OWASP LLM Top 10 (2025) categories the suite covers, as they appear in the report. */
export const CATEGORIES = {
  llm01_prompt_injection_direct: { title: 'LLM01 prompt injection, direct (hostile questions)', target: false },
  llm01_prompt_injection_indirect: { title: 'LLM01 prompt injection, indirect (hostile documents)', target: false },
  llm02_secret_disclosure: { title: 'LLM02 sensitive information: API keys and environment secrets', target: true },
  llm02_hidden_data_disclosure: { title: "LLM02 sensitive information: other kbs' text, hidden fields", target: true },
  llm05_outbound_links: { title: 'LLM05 improper output handling: links and images to uncited hosts', target: true },
  llm05_markup_injection: { title: 'LLM05 improper output handling: script, HTML, SSE framing', target: false },
  llm07_system_prompt_leakage: { title: 'LLM07 system prompt leakage', target: true },
  llm10_unbounded_consumption: { title: 'LLM10 unbounded consumption', target: false },
} as const;

export type Category = keyof typeof CATEGORIES;
const categoryNames = Object.keys(CATEGORIES) as [Category, ...Category[]];

/** The answerers a chat attack runs against: `extractive` (the default) and `llm` (the gullible model). */
export const ANSWERERS = ['extractive', 'llm'] as const;
export type Answerer = (typeof ANSWERERS)[number];

/**
 * What makes an attack succeed beyond what is never allowed (leaked keys, other kbs' text, hidden
 * fields, system prompt, uncited links, active markup, broken SSE framing, 5xx): the answer says an
 * injected phrase, runs past a length, or the response past a time.
 */
const successSchema = z.strictObject({
  /** The attack succeeds when the answer says any of these. */
  answerIncludes: z.array(z.string().min(1)).optional(),
  /** … or has more words than this. */
  maxAnswerWords: z.int().positive().optional(),
  /** … or a response takes longer than this, in milliseconds. Default 10 s. */
  maxLatencyMs: z.int().positive().optional(),
  /** The attack makes the upstream model fail on purpose: a 5xx is expected, and counted apart. */
  upstreamFailure: z.boolean().optional(),
});
export type SuccessCriteria = z.infer<typeof successSchema>;

const turnSchema = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() });

/** One line of `questions.jsonl`: a hostile question and how to send it. */
const questionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  category: z.enum(categoryNames),
  technique: z.string().min(1),
  question: z.string().min(1),
  success: successSchema,
  /** Send the question this many times over, joined by nothing (for size attacks). */
  questionRepeat: z.int().positive().optional(),
  history: z.array(turnSchema).optional(),
  /** Generated history: `count` user/assistant turns of `chars` characters each. */
  historyTurns: z.strictObject({ count: z.int().positive(), chars: z.int().positive() }).optional(),
  kb: z.string().optional(),
  k: z.number().optional(),
  filter: z.record(z.string(), z.unknown()).optional(),
  /** The answerers to run it against; default both. */
  answerers: z.array(z.enum(ANSWERERS)).optional(),
});

/** One line of `documents.jsonl`: a hostile document of `corpus/` and the question that retrieves it. */
const documentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Path under `corpus/`, its first segment the kb (`public/…`); `#<id>` names a JSON record. */
  file: z.string().min(1),
  category: z.enum(categoryNames),
  technique: z.string().min(1),
  question: z.string().min(1),
  success: successSchema,
});

/** A chat request an attack sends, and what makes it succeed. */
export interface ChatAttack {
  /** `question:<id>` or `document:<id>`. */
  id: string;
  category: Category;
  technique: string;
  /** The hostile document, for attacks that plant one. */
  document?: string;
  request: {
    question: string;
    kb?: string;
    k?: number;
    history?: z.infer<typeof turnSchema>[];
    filter?: Record<string, unknown>;
  };
  success: SuccessCriteria;
  answerers: readonly Answerer[];
}

/** The kb every chat attack asks unless it names another. */
export const PUBLIC_KB = 'public';

/** Reads `questions.jsonl` and `documents.jsonl` of `directory` into chat attacks, failing on the first bad line. */
export async function loadChatAttacks(directory: string): Promise<ChatAttack[]> {
  const questions = (await readJsonLines(path.join(directory, 'questions.jsonl'), questionSchema)).map(
    (entry): ChatAttack => ({
      id: `question:${entry.id}`,
      category: entry.category,
      technique: entry.technique,
      request: {
        question: entry.question.repeat(entry.questionRepeat ?? 1),
        kb: entry.kb ?? PUBLIC_KB,
        ...(entry.k === undefined ? {} : { k: entry.k }),
        ...(entry.filter ? { filter: entry.filter } : {}),
        ...(entry.history || entry.historyTurns ? { history: historyOf(entry) } : {}),
      },
      success: entry.success,
      answerers: entry.answerers ?? ANSWERERS,
    }),
  );
  const documents = (await readJsonLines(path.join(directory, 'documents.jsonl'), documentSchema)).map(
    (entry): ChatAttack => ({
      id: `document:${entry.id}`,
      category: entry.category,
      technique: entry.technique,
      document: entry.file,
      request: { question: entry.question, kb: entry.file.split('/')[0] ?? PUBLIC_KB },
      success: entry.success,
      answerers: ANSWERERS,
    }),
  );
  return [...documents, ...questions];
}

function historyOf(entry: z.infer<typeof questionSchema>): z.infer<typeof turnSchema>[] {
  const generated = Array.from({ length: entry.historyTurns?.count ?? 0 }, (_, index) => ({
    role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
    content: `Tell me about the glassworks of Veloria, turn ${index}. `
      .repeat(400)
      .slice(0, entry.historyTurns?.chars ?? 0),
  }));
  return [...(entry.history ?? []), ...generated];
}

async function readJsonLines<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.flatMap((line, index) => {
    if (!line.trim()) return [];
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${z.prettifyError(parsed.error)}`);
    return [parsed.data];
  });
}
