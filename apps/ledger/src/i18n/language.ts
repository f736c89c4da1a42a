import { DOCUMENT_LANGUAGES, DocumentLanguage } from '@ledger/domain';

const isLanguage = (value: string): value is DocumentLanguage => (DOCUMENT_LANGUAGES as readonly string[]).includes(value);

/**
 * The language a reader asked for: `?lang=` first, else the best of Accept-Language (by q, then
 * by the order given; `nl-NL` counts as `nl`), else the controller's default. `*` and languages
 * the ledger does not write name no preference.
 */
export function documentLanguage(lang: DocumentLanguage | undefined, acceptLanguage: string | undefined, fallback: DocumentLanguage): DocumentLanguage {
  if (lang) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((range, order) => {
      const [tag, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
      const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)).find(Boolean);
      return { language: tag.split('-')[0], q: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.q > 0 && isLanguage(r.language))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return (ranked[0]?.language as DocumentLanguage | undefined) ?? fallback;
}
