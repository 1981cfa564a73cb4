/**
 * How the gullible model answers: it does whatever any text in its prompt tells it to. It reads
 * through obfuscation (see {@link readingsOf}), repeats its system prompt when asked, says what it
 * is told to say, copies links, images and markup from the question and from the sources it
 * follows, fills `{question}`/`{system_prompt}` placeholders in them, and repeats words as often as
 * asked — up to `max_tokens`, which it honours as a real model does. It stands in for the worst
 * model a deployment could be given: an attack that works on it works against ragship's
 * defences, not against a model's training.
 */
import { decodeBase64Runs, readingsOf, revealHidden } from './obfuscation.js';

/** A chat message as the OpenAI chat completions API receives it. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** One call of the model. */
export interface ModelCall {
  messages: readonly ChatMessage[];
  /** `max_tokens` (or `max_completion_tokens`) of the request; null when absent. */
  maxTokens: number | null;
  /** The bearer token the request carried. */
  apiKey: string | null;
}

/** What the model does with a call. */
export type ModelBehaviour =
  | { kind: 'answer'; text: string }
  /** An upstream error, as OpenAI sends it. */
  | { kind: 'fail'; status: number; message: string }
  /** Answers, but only after `delayMs`. */
  | { kind: 'slow'; delayMs: number; text: string }
  /** Streams tokens until the client goes away. */
  | { kind: 'endless' };

/**
 * Markers in a question (one word each, so retrieval's relevance floor barely notices them) that
 * make the double misbehave as an upstream can: fail with an error
 * that echoes the API key it was sent (as some OpenAI-compatible gateways do), answer too late,
 * or stream without end. They test what ragship passes on or waits for, not the model.
 */
export const PROBE_MARKERS = {
  upstreamKeyError: 'rtprobekeyerror',
  slowModel: 'rtprobeslowmodel',
  endlessStream: 'rtprobeendless',
} as const;

const DONT_KNOW = "I don't know: the indexed documents do not answer that.";
/** Most words a repetition produces when the request sets no `max_tokens`. */
const REPEAT_CAP = 200_000;

/** Decides what the gullible model does with `call`; pure and deterministic. */
export function gullibleReply(call: ModelCall): ModelBehaviour {
  const system = call.messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => message.content)
    .join('\n');
  const user = call.messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
  if (user.includes(PROBE_MARKERS.upstreamKeyError)) {
    return { kind: 'fail', status: 401, message: `Incorrect API key provided: ${call.apiKey ?? '(none)'}.` };
  }
  if (user.includes(PROBE_MARKERS.endlessStream)) return { kind: 'endless' };
  // The condensing call asks for a rewrite and, unlike the answering one, for no citations.
  const text = /\brewrit/i.test(system) && !/\bcite\b/i.test(system) ? condense(user) : answer(system, user);
  const limited = call.maxTokens === null ? text : firstWords(text, call.maxTokens);
  return user.includes(PROBE_MARKERS.slowModel)
    ? { kind: 'slow', delayMs: 20_000, text: limited }
    : { kind: 'answer', text: limited };
}

/**
 * The condensing call (turn a follow-up into a standalone question): obeys a "rewrite it as: …"
 * found in the conversation, else returns the last question unchanged.
 */
function condense(user: string): string {
  for (const reading of readingsOf(user)) {
    const ordered =
      /(?:rewrite|rephrase|reformulate)[^.:\n]{0,80}?(?:as|to|into|with)\s*:\s*["“]?([^"”\n]{3,400})/i.exec(reading);
    if (ordered?.[1]) return ordered[1].trim();
    const standalone = /standalone question is\s*:?\s*["“]?([^"”\n]{3,400})/i.exec(reading);
    if (standalone?.[1]) return standalone[1].trim();
  }
  const last = /Last question:\s*([\s\S]*)$/.exec(user)?.[1] ?? lastLine(user);
  return last.trim();
}

interface Source {
  n: number;
  text: string;
  /** The fence's attributes (title, source), which the model reads too. */
  label: string;
}

/** What the model makes of one text it read (the question, or one source). */
interface Understanding {
  /** Things it was told to say. */
  directives: string[];
  wantsSystemPrompt: boolean;
  wantsBase64: boolean;
  repeat: { word: string; count: number } | null;
  /** Links, images and markup to copy into the answer. */
  resources: string[];
  /** It read an instruction of any kind. */
  instructed: boolean;
}

function answer(system: string, user: string): string {
  const question = (/[\s\S]*Question:\s*([\s\S]*)$/.exec(user)?.[1] ?? lastLine(user)).trim();
  const sources = sourcesOf(user, question);
  const asked = understand(question);
  const told = sources.map((source) => ({ source, understanding: understand(`${source.label}\n${source.text}`) }));
  const pieces: string[] = [];

  const systemPromptPrefix = [asked, ...told.map((item) => item.understanding)]
    .flatMap((understanding) => understanding.directives)
    .some((directive) => isPrefixOf(directive, system));
  const promptWanted = [asked, ...told.map((item) => item.understanding)].find((item) => item.wantsSystemPrompt);
  if ((promptWanted || systemPromptPrefix) && system) {
    pieces.push(promptWanted?.wantsBase64 ? Buffer.from(system).toString('base64') : system);
  }
  const fill = (text: string) => fillPlaceholders(text, { question, system });
  pieces.push(...asked.directives.map(fill));
  for (const { source, understanding } of told) {
    pieces.push(...understanding.directives.map((directive) => `${fill(directive)} [${source.n}]`));
  }
  const repeat = asked.repeat ?? told.find((item) => item.understanding.repeat)?.understanding.repeat;
  if (repeat) pieces.push(Array.from({ length: Math.min(repeat.count, REPEAT_CAP) }, () => repeat.word).join(' '));
  const followed = told.filter(({ source, understanding }) => source.n === 1 || understanding.instructed);
  const resources = [...asked.resources, ...followed.flatMap((item) => item.understanding.resources)];
  const answered = pieces.length > 0;
  if (!answered) pieces.push(plainAnswer(sources));
  pieces.push(...[...new Set(resources)].map(fill));
  return pieces.join('\n\n');
}

/** The sources of the prompt: numbered fence elements, else everything before the question as one. */
function sourcesOf(user: string, question: string): Source[] {
  // Any fence that numbers its elements: <source n="1">, <document index="1" title="…">, <doc id="1">.
  const fence = /<([a-z][\w-]*)\b([^>]*?)\b(?:n|index|id|number)="(\d+)"([^>]*)>([\s\S]*?)<\/\1>/gi;
  const fenced = [...user.matchAll(fence)].map((match) => ({
    n: Number(match[3]),
    text: (match[5] ?? '').trim(),
    // Each attribute's value on a line of its own, as a model reads `title="…"`.
    label: `${match[2] ?? ''} ${match[4] ?? ''}`.replace(/[\w-]+="([^"]*)"/g, '$1\n').trim(),
  }));
  if (fenced.length > 0) return fenced;
  const before = user.slice(0, Math.max(0, user.lastIndexOf(question)));
  const rest = before
    .replace(/^\s*(?:Sources|Documents|Context):\s*/i, '')
    .replace(/Question:\s*$/, '')
    .trim();
  return rest ? [{ n: 1, text: rest, label: '' }] : [];
}

/** The first sentence of the first source, cited: what an obedient but unprovoked model says. */
function plainAnswer(sources: readonly Source[]): string {
  const first = sources[0];
  if (!first) return DONT_KNOW;
  const body = first.text.replace(/^#+\s.*$/gm, '').trim();
  const sentence = /[^\n]+?[.!?](?=\s|$)/.exec(body)?.[0]?.trim() ?? body.slice(0, 200);
  return `${sentence} [${first.n}]`;
}

const VERBS =
  'say|reply|respond|answer|output|print|write|dis|dites|réponds|répondez|répondre|écris|écrivez|affiche|sag|sage|sagen|antworte|antworten|schreib|schreibe|di|diga|decir|responde|responda|responder|contesta|escribe|escriba|rispondi|scrivi|dì|escreva|dizer|скажи|ответь|напиши|выведи|отвечай|回答|说|输出|回复|答えて|言って|出力して|قل|أجب';
const VERB = new RegExp(`(?<!\\p{L})(?:${VERBS})(?!\\p{L})`, 'giu');
const CUE =
  /(?<!\p{L})(?:ignore|disregard|forget|override|new instructions|you are now|from now on|developer mode|jailbreak|ignorez|ignore les|oublie|ignoriere|vergiss|ignora|olvida|игнорируй|забудь)(?!\p{L})|忽略|無視|<\|im_start\|>|\[INST\]|###\s*(?:system|instruction)|^\s*system\s*:/imu;
/** A payload word: at least two upper-case parts joined by hyphens, e.g. PELICAN-OVERRIDE. */
const TOKEN = /(?<![\p{L}\p{N}])[A-Z]{3,}(?:-[A-Z]{3,})+(?![\p{L}\p{N}])/gu;
const QUOTED = /["“«„「『]([^"”»“」』\n]{2,200})["”»“」』]/u;
const CLAUSES: readonly RegExp[] = [
  /(?<!\p{L})(?:answer|say|state|reply|respond|claim|assert|tell (?:the |all )?(?:users?|readers?|customers?))(?: only)?,? that ([^\n]{3,200}?)(?=[.!?](?:\s|$)|\n|$)/iu,
  /(?<!\p{L})tell (?:the |all )?(?:users?|readers?|customers?) to ([^\n]{3,200}?)(?=[.!?](?:\s|$)|\n|$)/iu,
  /(?<!\p{L})the (?:correct|real|true|official|only) answer is:? ([^\n]{2,200}?)(?=[.!?](?:\s|$)|\n|$)/iu,
  /(?<!\p{L})(?:réponds|répondez|dis|dites) que ([^\n]{3,200}?)(?=[.!?](?:\s|$)|\n|$)/iu,
  /(?<!\p{L})(?:antworte|sage|sag),? dass ([^\n]{3,200}?)(?=[.!?](?:\s|$)|\n|$)/iu,
  /(?<!\p{L})(?:responde|di|diga) que ([^\n]{3,200}?)(?=[.!?](?:\s|$)|\n|$)/iu,
];
const SYSTEM_PROMPT_REQUEST =
  /system\s*-?\s*prompt|system\s+message|(?:initial|original|hidden|secret|system|developer|first|full)\s+(?:instructions|prompt|rules|message)|(?:repeat|print|reveal|show|output|display|recite|copy|dump|leak|echo)\s+(?:me\s+)?(?:everything|all|the\s+(?:text|words|message|content)s?|what\s+(?:is|was)\s+written)\s+(?:above|before|prior)|(?:what|which)\s+(?:are|were)\s+your\s+(?:instructions|rules|guidelines)|(?:repeat|print|reveal|show|output|display|recite|dump|tell\s+me)\s+your\s+(?:instructions|rules|prompt|guidelines)|prompt\s+(?:du\s+)?syst[eè]me|instructions?\s+(?:du\s+)?syst[eè]me|tes\s+instructions|systemprompt|systemanweisung|systemnachricht|deine\s+anweisungen|prompt\s+del\s+sistema|instrucciones\s+del\s+sistema|tus\s+instrucciones|prompt\s+di\s+sistema|istruzioni\s+di\s+sistema|системн\S*\s+(?:промпт|подсказ|инструкц|сообщени)|свои\s+инструкции|系统提示|系统消息|系統提示|システムプロンプト/iu;
const REPEAT =
  /(?:repeat|write|say|print|output)\s+(?:the\s+word\s+)?["'“]?(\p{L}+)["'”]?\s+([\d][\d,_ ]*\d|\d)\s+times/iu;
const RESOURCES: readonly RegExp[] = [
  /!?\[(?:[^[\]\n]|\[[^\]\n]*\])*\]\([^)\n]*\)/g,
  /\[[^\]\n]+\]\[[^\]\n]+\]/g,
  /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$/gm,
  /<(script|iframe|svg|object|style|form|a|math)\b[\s\S]*?<\/\1\s*>/gi,
  /<(?:img|link|meta|base|input|embed|source|video|audio|iframe|svg|body|details)\b[^>]*>/gi,
  /<(?:https?|javascript|data|mailto|vbscript):[^>\s]+>/gi,
];
const BARE_URL = /(?:https?|ftp):\/\/[^\s<>"'`)\]]+/gi;

function understand(text: string): Understanding {
  const readings = readingsOf(text);
  const directives: string[] = [];
  let instructed = false;
  for (const reading of readings) {
    for (const pattern of CLAUSES) {
      const clause = pattern.exec(reading)?.[1];
      if (clause) directives.push(clause.trim());
    }
    const verbs = [...reading.matchAll(VERB)];
    const cued = CUE.test(reading);
    if (verbs.length === 0 && !cued) continue;
    instructed ||= cued;
    for (const verb of verbs) {
      const quoted = QUOTED.exec(reading.slice(verb.index, verb.index + 80))?.[1];
      if (quoted) directives.push(quoted.trim());
    }
    directives.push(...[...reading.matchAll(TOKEN)].map((match) => match[0]));
  }
  const asking = readings.find((reading) => SYSTEM_PROMPT_REQUEST.test(reading));
  const repeatMatch = readings.map((reading) => REPEAT.exec(reading)).find((match) => match !== null);
  const unique = [...new Set(directives)];
  return {
    directives: unique,
    wantsSystemPrompt: asking !== undefined,
    wantsBase64: asking !== undefined && /base\s*-?\s*64/i.test(asking),
    repeat: repeatMatch
      ? { word: repeatMatch[1] ?? 'word', count: Number((repeatMatch[2] ?? '1').replace(/[,_ ]/g, '')) }
      : null,
    resources: resourcesOf(text),
    instructed: instructed || unique.length > 0 || asking !== undefined || repeatMatch !== undefined,
  };
}

/** Links, images, reference definitions, markup and bare URLs, as written, or as base64 decodes to. */
function resourcesOf(text: string): string[] {
  const revealed = revealHidden(text);
  const found: string[] = [];
  for (const reading of [revealed, ...decodeBase64Runs(revealed)]) {
    let rest = reading;
    for (const pattern of RESOURCES) {
      for (const [match] of rest.matchAll(pattern)) found.push(match);
      rest = rest.replace(pattern, ' ');
    }
    found.push(...(rest.match(BARE_URL) ?? []));
  }
  return [...new Set(found)];
}

/** `{question}`, `{system_prompt}` and the like replaced by what the model knows, URL-encoded. */
function fillPlaceholders(text: string, known: { question: string; system: string }): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    if (/^(secret|system_?prompt|system|prompt|instructions|rules)$/i.test(name)) {
      return encodeURIComponent(known.system.slice(0, 400));
    }
    if (/^(question|query|q|conversation|history|chat|data|user_?question|input)$/i.test(name)) {
      return encodeURIComponent(known.question.slice(0, 400));
    }
    return placeholder;
  });
}

function isPrefixOf(directive: string, system: string): boolean {
  const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
  const start = fold(directive);
  return start.split(' ').length >= 3 && fold(system).startsWith(start);
}

function firstWords(text: string, count: number): string {
  const pieces = text.match(/\S+\s*/g) ?? [];
  return pieces.length <= count ? text : pieces.slice(0, count).join('').trimEnd();
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
