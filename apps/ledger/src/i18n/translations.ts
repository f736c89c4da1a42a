import { Inject, Injectable } from '@nestjs/common';
import { ControllerProfile, DOCUMENT_LANGUAGES, DocumentLanguage } from '@ledger/domain';
import i18next from 'i18next';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { documentLanguage } from './language';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The message catalogues of the ledger's own outputs (documents, CSV headers, finding summaries). */
export const CATALOGUES: Record<DocumentLanguage, Record<string, unknown>> = { en, nl };

/** A message by its dotted key, its `{{placeholders}}` filled; a missing key gives `defaultValue`, else the key. */
export type Translate = (key: string, values?: Record<string, unknown> & { defaultValue?: string }) => string;

/** A language and its messages: what a renderer needs to write a document in it. */
export interface Messages {
  lang: DocumentLanguage;
  t: Translate;
  /** Numbers as the language writes them: 1,234 or 1.234. */
  number(n: number): string;
}

const NUMBER_LOCALES: Record<DocumentLanguage, string> = { en: 'en-US', nl: 'nl-NL' };

/**
 * Both catalogues in one i18next resource store. Messages are looked up there once per key and
 * filled by a plain `{{name}}` replacement: i18next's own t() costs about 0.1 ms a call, which a
 * CSV export of 100,000 findings (a summary each) cannot afford. A key missing in a language is
 * a test failure (catalogues.spec.ts), not an English fallback.
 */
export function loadMessages(): Record<DocumentLanguage, Messages> {
  const store = i18next.createInstance();
  void store.init({
    resources: Object.fromEntries(DOCUMENT_LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
    lng: 'en',
    fallbackLng: false,
    initAsync: false,
  });
  return Object.fromEntries(
    DOCUMENT_LANGUAGES.map((lang) => {
      const format = new Intl.NumberFormat(NUMBER_LOCALES[lang]);
      const templates = new Map<string, string | undefined>();
      const template = (key: string) => {
        if (!templates.has(key)) {
          const found: unknown = store.getResource(lang, 'translation', key);
          templates.set(key, typeof found === 'string' ? found : undefined);
        }
        return templates.get(key);
      };
      const t: Translate = (key, values) => {
        const message = template(key);
        if (message === undefined) return values?.defaultValue ?? key;
        return values ? message.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name]))) : message;
      };
      return [lang, { lang, t, number: (n: number) => format.format(n) }];
    }),
  ) as Record<DocumentLanguage, Messages>;
}

/** The messages in the language a reader asked for (`?lang=`, Accept-Language), else the controller profile's. */
@Injectable()
export class Translations {
  private readonly messages = loadMessages();
  readonly defaultLanguage: DocumentLanguage;

  constructor(@Inject(CONTROLLER_PROFILE) controller: ControllerProfile | null) {
    this.defaultLanguage = controller?.language ?? 'en';
  }

  for(lang: DocumentLanguage | undefined, acceptLanguage: string | undefined): Messages {
    return this.messages[documentLanguage(lang, acceptLanguage, this.defaultLanguage)];
  }

  in(lang: DocumentLanguage): Messages {
    return this.messages[lang];
  }
}
