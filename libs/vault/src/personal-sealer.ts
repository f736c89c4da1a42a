import { KEY_GROUPS, KeyGroup } from '@ledger/domain';
import { canonicalJson } from '@ledger/event-store';
import { open, sealDeterministic } from './aead';
import type { GroupKeys } from './key-vault';

export type PersonalValue = string | number | boolean | null;

/** What one key group protects in one fact. */
export interface PlainGroup {
  /** `personal` fields. */
  personal?: Record<string, PersonalValue>;
  /** Free-text data fields that may name a person (identity group). */
  text?: Record<string, string>;
}

/**
 * A group's part of a fact as stored: the names of what it holds in clear (names are not
 * personal), and the values in an AES-256-GCM box. `withheld` marks data that arrived after
 * the group was shredded and was not stored at all.
 */
export interface SealedGroup {
  fields?: string[];
  text?: string[];
  box?: string;
  withheld?: true;
}
export type SealedPersonal = Partial<Record<KeyGroup, SealedGroup>>;

export const ERASED = '[erased]';

/** Encrypts each group's part of a fact with that group's key; the event id is the AAD. */
export function sealPersonal(eventId: string, parts: ReadonlyMap<KeyGroup, PlainGroup>, keys: GroupKeys): SealedPersonal {
  const sealed: SealedPersonal = {};
  for (const [group, plain] of parts) {
    const names: SealedGroup = {
      ...(plain.personal ? { fields: Object.keys(plain.personal) } : {}),
      ...(plain.text ? { text: Object.keys(plain.text) } : {}),
    };
    const key = keys.get(group);
    if (!key) {
      sealed[group] = { ...names, withheld: true };
      continue;
    }
    // Canonical JSON: a retry with the same values in another order seals to the same bytes.
    const box = sealDeterministic(key, Buffer.from(canonicalJson(plain)), `${eventId}/${group}`);
    sealed[group] = { ...names, box: box.toString('base64') };
  }
  return sealed;
}

export interface OpenedPersonal {
  personal: Record<string, PersonalValue>;
  text: Record<string, string>;
  /** Groups whose key is gone: their values read as "[erased]". */
  erased: KeyGroup[];
}

/** Decrypts what the subject's remaining keys can open; the rest reads as erased. */
export function openPersonal(eventId: string, sealed: SealedPersonal, keys: GroupKeys): OpenedPersonal {
  const opened: OpenedPersonal = { personal: {}, text: {}, erased: [] };
  for (const [group, part] of Object.entries(sealed) as [KeyGroup, SealedGroup][]) {
    const key = keys.get(group);
    if (part.box && key) {
      const plain = JSON.parse(open(key, Buffer.from(part.box, 'base64'), `${eventId}/${group}`).toString()) as PlainGroup;
      Object.assign(opened.personal, plain.personal);
      Object.assign(opened.text, plain.text);
      continue;
    }
    opened.erased.push(group);
    for (const field of part.fields ?? []) opened.personal[field] = ERASED;
    for (const field of part.text ?? []) opened.text[field] = ERASED;
  }
  opened.erased.sort((a, b) => KEY_GROUPS.indexOf(a) - KEY_GROUPS.indexOf(b));
  return opened;
}
