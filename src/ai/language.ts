/** The languages the knowledge base and the offline responder handle; English is the fallback. */
export type SupportedLanguage = 'en' | 'ru';

/** PostgreSQL text-search configuration per language. */
export const TEXT_SEARCH_CONFIG: Record<SupportedLanguage, 'english' | 'russian'> = { en: 'english', ru: 'russian' };

/** Cyrillic letters outnumbering Latin ones means Russian; anything else is treated as English. */
export function detectLanguage(text: string): SupportedLanguage {
  const cyrillic = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return cyrillic > latin ? 'ru' : 'en';
}
