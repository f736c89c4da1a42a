import { Inject, Injectable } from '@nestjs/common';
import { GroupKeys, KEY_VAULT, KeyVault, openSubjectText, sealSubjectText } from '@ledger/vault';
import type { RecordedSubjectRead, StoredSubjectRead } from './subject-read';

/** What a miss shows for its purpose: none is kept, since it may name the person who was not found. */
export const PURPOSE_NOT_KEPT = '[not kept]';
/** What a read shows once the subject's identity key is gone (the same word as every erased value). */
export const PURPOSE_ERASED = '[erased]';

/** Binds a sealed purpose to its subject and to the access audit log. */
const contextOf = (subjectId: string) => `access-audit/${subjectId}`;

/**
 * The purpose a reader states is free text that often names the person (`access request from
 * jan@example.nl`). It is kept sealed with the subject's identity key, so it is erased with
 * the subject, and shown opened while that key exists. Who read, when, through which route and
 * which subject stay readable: they name no one outside the ledger.
 */
@Injectable()
export class ReadPurposes {
  constructor(@Inject(KEY_VAULT) private readonly vault: KeyVault) {}

  /** The purpose sealed for the subject; undefined when its identity key is gone (the purpose is then not kept). */
  async seal(subjectId: string, purpose: string): Promise<string | undefined> {
    return sealSubjectText(await this.vault.keysForReading(subjectId), contextOf(subjectId), purpose);
  }

  /** Opens the purposes of a page of entries, reading each subject's keys once. */
  async open(entries: readonly StoredSubjectRead[]): Promise<RecordedSubjectRead[]> {
    const keys = new Map<string, GroupKeys>();
    for (const subjectId of new Set(entries.filter((e) => e.purposeSealed).map((e) => e.subjectId!))) {
      keys.set(subjectId, await this.vault.keysForReading(subjectId));
    }
    return entries.map(({ purposeSealed, ...entry }) => ({
      ...entry,
      purpose:
        entry.subjectId === undefined
          ? PURPOSE_NOT_KEPT
          : purposeSealed
            ? openSubjectText(keys.get(entry.subjectId)!, contextOf(entry.subjectId), purposeSealed)
            : PURPOSE_ERASED,
    }));
  }
}
