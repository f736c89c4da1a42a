import unhomoglyph from 'unhomoglyph';
import { getScript } from 'unicode-properties';

/** Scripts that go with any other: digits, punctuation, symbols, combining marks. */
const NEUTRAL_SCRIPTS = new Set(['Common', 'Inherited', 'Unknown']);

/**
 * The script combinations UTS #39 calls "highly restrictive": Latin with the scripts that
 * Japanese, Chinese and Korean are written in together. Any other mix is refused.
 */
const USUAL_MIXES: ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

const ASCII = /^[\x20-\x7e]*$/;

/** The scripts of an id's letters and marks, in order of appearance. */
function scriptsOf(value: string): string[] {
  const scripts = new Set<string>();
  for (const char of value) {
    const script = getScript(char.codePointAt(0)!);
    if (!NEUTRAL_SCRIPTS.has(script)) scripts.add(script);
  }
  return [...scripts];
}

/**
 * Why an id (already NFKC-normalised) could be mistaken for another one, or undefined.
 *
 * Two rules from UTS #39 (Unicode security mechanisms), chosen over folding look-alikes
 * together: a confusable skeleton maps 'l', '1' and 'I' to one letter, and 'rn' to 'm', so
 * indexing skeletons would merge distinct customers (C-1001 and C-l00l), and an erasure of one
 * would erase the other. Refusing the deceptive forms keeps distinct ids distinct:
 * - letters of more than one script (Latin with a Cyrillic 'о') are refused, except the mixes
 *   Japanese, Chinese and Korean are written in;
 * - an id that is not ASCII but looks exactly like an ASCII id (its skeleton, from Unicode's
 *   confusables.txt, is ASCII) is refused when a character of it comes from outside the Latin
 *   script: Cyrillic 'С-2001', Greek 'Α-1', a quotation mark standing for a comma. Latin
 *   letters beyond ASCII (Turkish 'ı', Danish 'æ') stay allowed: they are how names are
 *   written, not a disguise.
 */
export function lookAlikeProblem(value: string): string | undefined {
  if (ASCII.test(value)) return undefined;
  const scripts = scriptsOf(value);
  if (scripts.length > 1 && !USUAL_MIXES.some((mix) => scripts.every((s) => mix.has(s)))) {
    return `mixes letters of ${scripts.join(' and ')}: an id is written in one script, so that look-alike letters cannot name another subject`;
  }
  if (!ASCII.test(unhomoglyph(value.normalize('NFD')))) return undefined;
  const disguises = [...value].filter((c) => !ASCII.test(c) && getScript(c.codePointAt(0)!) !== 'Latin');
  if (disguises.length === 0) return undefined;
  const foreign = scriptsOf(disguises.join('')).filter((s) => s !== 'Latin');
  const what = foreign.length ? `${foreign.join(' and ')} letters` : 'symbols';
  return `looks like an ASCII id but is written with ${what} that look like ASCII characters: send it in ASCII`;
}
