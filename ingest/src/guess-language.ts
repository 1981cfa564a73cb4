import { franc } from 'franc-min';

/**
 * ISO 639-3 code of the document's language (franc, over at most the first 600 characters: longer samples cost more and rarely change the guess),
 * or `und` when the text is too short to tell.
 */
export function guessLanguage(text: string): string {
  return franc(text.slice(0, 600), { minLength: 20 });
}
