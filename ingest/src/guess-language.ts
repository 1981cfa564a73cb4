import { franc } from 'franc-min';

/**
 * ISO 639-3 code of the document's language (franc, over at most the first 2,000 characters),
 * or `und` when the text is too short to tell.
 */
export function guessLanguage(text: string): string {
  return franc(text.slice(0, 2000), { minLength: 20 });
}
