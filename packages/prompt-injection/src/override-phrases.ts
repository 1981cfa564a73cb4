import { alternation, phrasePattern } from './phrase-pattern.js';

/**
 * How one language tells a model to drop its instructions: a verb (imperative or infinitive),
 * the instructions, and what marks them as the model's own (a qualifier such as "previous",
 * "above", "your", "all"). Folded spelling: lower case, no diacritics.
 */
interface OverrideLexicon {
  /** "ignore", "disregard", … */
  verbs: readonly string[];
  /** "instructions", "rules", … */
  nouns: readonly string[];
  /** Qualifiers before the noun: "previous", "your", "all the". */
  before: readonly string[];
  /** Qualifiers after the noun: "above", "précédentes" (French and Romance word order). */
  after: readonly string[];
  /** Infinitives at the end of the clause (German and Dutch word order): "… Anweisungen ignorieren". */
  verbsLast?: readonly string[];
}

/** A comma-separated word list as an array: the lists read as lists. */
function words(list: string): string[] {
  return list.split(/,\s*/);
}

const NOUNS_EN = words(
  'instruction, instructions, prompt, prompts, system prompt, system message, directions, directives, rules, ' +
    'guidelines, guidance, constraints, restrictions, policies, programming, guardrails, safeguards, limitations, filters',
);

const LEXICONS: Readonly<Record<string, OverrideLexicon>> = {
  en: {
    verbs: words(
      'ignore, disregard, forget, override, overrule, bypass, skip, neglect, discard, drop, abandon, dismiss, ' +
        "do not follow, don't follow, dont follow, stop following, no longer follow, pay no attention to, " +
        'set aside, throw away, throw out, circumvent',
    ),
    nouns: NOUNS_EN,
    before: words(
      'previous, prior, above, earlier, preceding, foregoing, former, original, initial, old, system, your, ' +
        "developer, developer's, safety, hidden, preset",
    ),
    after: words(
      'above, before, before this, earlier, previously, so far, you were given, you have been given, you received, ' +
        'given to you, you were told, from before',
    ),
  },
  de: {
    verbs: words(
      'ignoriere, ignorier, ignorieren sie, ignoriert, vergiss, vergessen sie, vergesst, missachte, ' +
        'missachten sie, uberspringe, umgehe, verwirf, verwerfe, befolge nicht, befolgen sie nicht, beachte nicht, ' +
        'beachten sie nicht',
    ),
    nouns: words(
      'anweisungen, anweisung, instruktionen, befehle, regeln, vorgaben, richtlinien, anordnungen, systemprompt, ' +
        'system-prompt, prompt, einschrankungen, systemanweisungen',
    ),
    before: words(
      'vorherigen, vorherige, bisherigen, bisherige, obigen, obige, vorangegangenen, vorigen, fruheren, alten, ' +
        'ursprunglichen, alle, deine, ihre, euren, eure, samtliche',
    ),
    after: words('oben, von vorher, von oben, davor'),
    verbsLast: words('ignorieren, vergessen, missachten, uberspringen, umgehen, verwerfen'),
  },
  fr: {
    verbs: words(
      'ignore, ignorez, ignorer, oublie, oubliez, oublier, neglige, negligez, ne tiens pas compte des, ' +
        'ne tenez pas compte des, fais abstraction des, faites abstraction des, contourne, contournez, outrepasse, ' +
        'outrepassez, ne suis pas, ne suivez pas, ne respecte pas, ne respectez pas',
    ),
    nouns: words('instructions, instruction, consignes, regles, directives, prompt, indications, ordres'),
    before: words('toutes les, tous les, tes, vos, les anciennes'),
    after: words(
      "precedentes, precedents, anterieures, ci-dessus, plus haut, initiales, originales, d'origine, du systeme, " +
        'systeme, donnees',
    ),
  },
  es: {
    verbs: words(
      'ignora, ignore, ignoren, ignorad, ignorar, olvida, olvide, olviden, olvidad, olvidar, omite, omita, ' +
        'descarta, descarte, desatiende, desobedece, no sigas, no siga, no sigan, pasa por alto, salta, salte',
    ),
    nouns: words('instrucciones, instruccion, reglas, indicaciones, directrices, ordenes, prompt, normas, pautas'),
    before: words('todas las, todos los, tus, sus, las anteriores'),
    after: words('anteriores, previas, precedentes, de arriba, originales, iniciales, del sistema, recibidas'),
  },
  it: {
    verbs: words(
      'ignora, ignorate, ignori, ignorare, dimentica, dimenticate, dimenticare, trascura, tralascia, non seguire, ' +
        'non seguite, salta, aggira',
    ),
    nouns: words('istruzioni, istruzione, regole, indicazioni, direttive, prompt, ordini, linee guida'),
    before: words('tutte le, tutti i, le tue, tue, le sue, le vostre'),
    after: words('precedenti, anteriori, di sopra, sopra, originali, iniziali, del sistema, ricevute'),
  },
  pt: {
    verbs: words(
      'ignore, ignora, ignorar, ignorem, esqueca, esquece, esquecer, esquecam, desconsidere, desconsidera, ' +
        'descarte, nao siga, nao sigas, pule, salte',
    ),
    nouns: words('instrucoes, instrucao, regras, diretrizes, orientacoes, ordens, prompt, comandos'),
    before: words('todas as, todos os, suas, tuas, as suas'),
    after: words('anteriores, previas, acima, originais, iniciais, do sistema, recebidas'),
  },
  nl: {
    verbs: words('negeer, vergeet, omzeil, sla over, volg niet, verwerp'),
    nouns: words('instructies, instructie, regels, aanwijzingen, richtlijnen, opdrachten, prompt, systeemprompt'),
    before: words('vorige, eerdere, voorgaande, bovenstaande, oorspronkelijke, oude, alle, je, jouw, uw'),
    after: words('hierboven, van hiervoor, van eerder'),
    verbsLast: words('negeren, vergeten, omzeilen, verwerpen'),
  },
};

/**
 * Where an imperative starts in English: the start of a line or sentence, or after a word that
 * introduces one ("please", "now", "you must", "I want you to"). "Ignore all rules" is an order
 * there; "the linter will ignore all rules" is prose.
 */
const IMPERATIVE_START =
  '(?:^|(?<=[\\n.!?:;,"\'(\\[*>-]\\s*)|(?<=\\b(?:please|now|just|simply|kindly|first|then|and|also|so|you must|you should|you will|you need to|you have to|i want you to|i need you to|i order you to)\\s+))';

/**
 * The phrases of every language that tell a model to drop its instructions: verb … qualifier …
 * noun ("ignore all previous instructions", "ignoriere alle vorherigen Anweisungen"), verb … noun
 * … qualifier ("ignore les instructions précédentes", "forget the rules you were given"), noun …
 * verb where the infinitive comes last ("alle vorherigen Anweisungen ignorieren"), and in English
 * verb … "all/any/the" … noun as an imperative ("Ignore all rules.").
 */
export const OVERRIDE_PATTERNS: readonly RegExp[] = [
  ...Object.values(LEXICONS).flatMap((lexicon) => [
    phrasePattern([{ words: lexicon.verbs, gap: 3 }, { words: lexicon.before, gap: 2 }, { words: lexicon.nouns }]),
    phrasePattern([{ words: lexicon.verbs, gap: 3 }, { words: lexicon.nouns, gap: 2 }, { words: lexicon.after }]),
    ...(lexicon.verbsLast
      ? [
          phrasePattern([
            { words: lexicon.before, gap: 2 },
            { words: lexicon.nouns, gap: 3 },
            { words: lexicon.verbsLast },
          ]),
        ]
      : []),
  ]),
  phrasePattern(
    [
      { words: LEXICONS.en!.verbs, gap: 1 },
      { words: words('all, any, every, the, these, those, all the, all of the, all your'), gap: 1 },
      { words: NOUNS_EN },
    ],
    { start: IMPERATIVE_START },
  ),
  phrasePattern([
    { words: words('forget, ignore, disregard, discard') },
    { words: words('everything, all of that, all that, anything, all'), gap: 2 },
    {
      words: words(
        "above, before, previously, so far, you were told, you have been told, you've been told, you were given, " +
          'you know, you learned, until now, up to now',
      ),
    },
  ]),
  phrasePattern([
    { words: words('vergiss, vergessen sie') },
    { words: words('alles'), gap: 3 },
    { words: words('gesagt, bisher, vorher') },
  ]),
  phrasePattern([
    { words: words('oublie, oubliez') },
    { words: words('tout'), gap: 3 },
    { words: words('dit, precede, avant') },
  ]),
  phrasePattern([
    { words: words('olvida, olvide') },
    { words: words('todo'), gap: 3 },
    { words: words('dicho, anterior, antes') },
  ]),
];

/**
 * A word every override phrase holds (one of the verbs): text without one is not matched
 * against the phrases, which keeps ingesting a large corpus fast.
 */
export const OVERRIDE_CUE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${alternation(
    Object.values(LEXICONS).flatMap((lexicon) => [...lexicon.verbs, ...(lexicon.verbsLast ?? [])]),
  )})(?![\\p{L}\\p{N}])`,
  'u',
);

/**
 * An override spelled out letter by letter with no word boundaries left: "ignoreallpreviousinstructions".
 * Matched only against the runs `matchingViews` joined from single letters.
 */
export const SPELLED_OUT_OVERRIDE =
  /(?:ignore|disregard|forget|override|bypass)(?:all|any|the|of|your)*(?:previous|prior|above|earlier|system|original)?(?:instructions?|rules|prompts?|guidelines)|(?:reveal|print|show|repeat)(?:me)?(?:your|the)(?:system|hidden|initial|secret)?(?:prompt|instructions)/;
