import { Problem, problem } from '../validation/problem';
import { lookAlikeProblem } from './look-alikes';

/** How an emitter names a subject: its own system and its id there. */
export interface SubjectName {
  system: string;
  externalId: string;
}

export const SUBJECT_NAME_MAX = 200;

/** The one form of a name part, or why it is refused. */
export type NamePartForm = { value: string; problem?: undefined } | { value?: undefined; problem: string };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Controls, format characters (bidi controls, zero-width ones), surrogates, private use, unassigned, line separators, default-ignorables. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Every dash (Unicode Pd: hyphen, non-breaking hyphen, en and em dash, …) and the minus sign. */
const DASHES = /[\p{Pd}\u2212]/gu;
const SURROUNDING_SPACE = /^\s|\s$/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function invisibleProblem(char: string): string {
  const at = codePoint(char);
  if (BIDI_CONTROLS.test(char)) return `must not contain bidirectional controls (${at}): they change how an id is shown, not what it is`;
  if (/\p{Cc}/u.test(char)) return `must not contain control characters (${at})`;
  if (/\p{Cs}/u.test(char)) return 'must not contain unpaired surrogates: it is not valid Unicode text';
  if (/[\p{Co}\p{Cn}]/u.test(char)) return `must not contain private-use or unassigned code points (${at}): they have no defined appearance`;
  if (/[\p{Zl}\p{Zp}]/u.test(char)) return `must be one line (${at})`;
  return `must not contain invisible format characters (${at}): an id that looks the same must be the same id`;
}

/**
 * The form in which the ledger indexes a subject name part (a system or an external id), so
 * that every spelling of an id that looks the same names one subject or is refused:
 * - NFKC: canonically equivalent spellings (NFC and NFD 'José') become one, and compatibility
 *   forms fold into what they stand for (full-width 'Ｃ－２００１' is 'C-2001');
 * - every dash (U+2010 hyphen, U+2011 non-breaking hyphen, en and em dashes, the minus sign)
 *   becomes '-': word processors and spreadsheets substitute them for '-' unasked, and no one
 *   tells customers apart by the kind of dash;
 * - refused, as they cannot be seen or change what is seen: control and format characters
 *   (zero-width space, soft hyphen, bidirectional controls), default-ignorables (variation
 *   selectors, fillers), unpaired surrogates, private-use and unassigned code points,
 *   whitespace at either end, and look-alikes from other scripts (see lookAlikeProblem);
 * - case is kept: 'c-2001' and 'C-2001' look different, and many systems tell them apart.
 * Printable ASCII is already in this form (apart from spaces at the ends), so blind indexes
 * computed from ASCII ids before this form existed stay valid.
 */
export function normalNamePart(value: string): NamePartForm {
  if (value.length === 0) return { problem: 'must not be empty' };
  let normal = value;
  if (!PRINTABLE_ASCII.test(value)) {
    const invisible = INVISIBLE.exec(value);
    if (invisible) return { problem: invisibleProblem(invisible[0]) };
    normal = value.normalize('NFKC').replace(DASHES, '-');
  }
  if (SURROUNDING_SPACE.test(normal)) return { problem: 'must not begin or end with whitespace' };
  if (normal.length > SUBJECT_NAME_MAX) return { problem: `must be at most ${SUBJECT_NAME_MAX} characters, also once normalised (NFKC)` };
  const lookAlike = lookAlikeProblem(normal);
  return lookAlike ? { problem: lookAlike } : { value: normal };
}

/** What is wrong with a subject name, with paths under `at` (e.g. "subject.externalId"). */
export function subjectNameProblems(name: SubjectName, at = 'subject'): Problem[] {
  const problems: Problem[] = [];
  for (const part of ['system', 'externalId'] as const) {
    const form = normalNamePart(name[part]);
    if (form.problem) problems.push(problem(`${at}.${part}`, form.problem));
  }
  return problems;
}

export class InvalidSubjectNameError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the subject name is refused: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    this.name = 'InvalidSubjectNameError';
  }
}

/** The name in the form the ledger indexes; throws when a part is refused (callers check input with subjectNameProblems first). */
export function normalSubjectName(name: SubjectName): SubjectName {
  const system = normalNamePart(name.system);
  const externalId = normalNamePart(name.externalId);
  if (system.value === undefined || externalId.value === undefined) throw new InvalidSubjectNameError(subjectNameProblems(name));
  return { system: system.value, externalId: externalId.value };
}
