import { FIDESLANG_CATEGORIES } from './fideslang-categories';

const KNOWN = new Set(FIDESLANG_CATEGORIES);
/** Dotted lower-case key: `user.contact.email`, `custom.device.browser_type`. */
const KEY_SHAPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

/** Which category keys the ledger accepts: fideslang's, plus keys under one custom prefix. */
export class CategoryPolicy {
  constructor(readonly customPrefix = 'custom.') {}

  accepts(key: string): boolean {
    return KNOWN.has(key) || this.isCustom(key);
  }

  /** A well-formed key under the custom prefix (and not one of fideslang's). */
  isCustom(key: string): boolean {
    return (
      typeof key === 'string' &&
      !KNOWN.has(key) &&
      this.customPrefix.length > 0 &&
      key.startsWith(this.customPrefix) &&
      key.length > this.customPrefix.length &&
      KEY_SHAPE.test(key)
    );
  }
}
