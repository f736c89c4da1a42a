import { Inject, Injectable } from '@nestjs/common';
import { ControllerProfile, DOCUMENT_LANGUAGES, DocumentLanguage } from '@ledger/domain';
import i18next, { TFunction } from 'i18next';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { documentLanguage } from './language';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The message catalogues of the ledger's own outputs (documents, CSV headers, finding summaries). */
export const CATALOGUES: Record<DocumentLanguage, Record<string, unknown>> = { en, nl };

/** A language and its messages: what a renderer needs to write a document in it. */
export interface Messages {
  lang: DocumentLanguage;
  t: TFunction;
  /** Numbers as the language writes them: 1,234 or 1.234. */
  number(n: number): string;
}

const NUMBER_LOCALES: Record<DocumentLanguage, string> = { en: 'en-US', nl: 'nl-NL' };

/** One i18next instance over both catalogues; a message missing in one language is a test failure, not an English fallback. */
export function loadMessages(): Record<DocumentLanguage, Messages> {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(DOCUMENT_LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
    lng: 'en',
    fallbackLng: false,
    initAsync: false,
    returnNull: false,
    // The HTML renderer escapes; CSV and PDF need the text as written.
    interpolation: { escapeValue: false },
  });
  return Object.fromEntries(
    DOCUMENT_LANGUAGES.map((lang) => {
      const format = new Intl.NumberFormat(NUMBER_LOCALES[lang]);
      return [lang, { lang, t: instance.getFixedT(lang), number: (n: number) => format.format(n) }];
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
