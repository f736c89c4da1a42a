import { Injectable } from '@nestjs/common';
import { EVENT_CATALOG, Fact, FactRecorder, KeyGroup, StoredFactMetadata, groupPersonalFields, toUtcIso } from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';
import { GroupKeys, PlainGroup, sealPersonal } from '@ledger/vault';

/**
 * Turns a validated fact into the event the store keeps: clear data about the processing, the
 * pseudonymous subject id, and `personal` values and free text sealed with the subject's group
 * keys, and who recorded it. The emitter's name for the subject stays in the key vault.
 * Nothing personal reaches the store in plaintext.
 */
@Injectable()
export class FactEncoder {
  /**
   * The event to append: the clear data without the sealed free text, business time in one form,
   * who recorded it, and (`subject.parts`, from partsOf) the personal parts sealed with the keys
   * the vault provided.
   */
  encode(fact: Fact, recordedBy: FactRecorder, subject?: { subjectId: string; keys: GroupKeys; parts: ReadonlyMap<KeyGroup, PlainGroup> }): NewEvent {
    const data: Record<string, unknown> = { ...fact.data };
    for (const field of EVENT_CATALOG.get(fact.type)!.sealedText) delete data[field];
    const metadata: StoredFactMetadata = { occurredAt: toUtcIso(fact.occurredAt), recordedBy };
    if (subject) {
      metadata.subjectId = subject.subjectId;
      if (fact.subject && 'system' in fact.subject) metadata.system = fact.subject.system;
      if (subject.parts.size) metadata.sealed = sealPersonal(fact.id, subject.parts, subject.keys) as Record<string, unknown>;
    }
    return { id: fact.id, type: fact.type, data, metadata: { ...metadata } };
  }

  /** The personal values and free text of a fact, split by the key group that protects them. */
  partsOf(fact: Fact): Map<KeyGroup, PlainGroup> {
    const parts = new Map<KeyGroup, PlainGroup>();
    const part = (group: KeyGroup) => parts.get(group) ?? parts.set(group, {}).get(group)!;
    const data: Record<string, unknown> = { ...fact.data };
    const text = EVENT_CATALOG.get(fact.type)!.sealedText.filter((f) => typeof data[f] === 'string');
    if (text.length) part('identity').text = Object.fromEntries(text.map((f) => [f, data[f] as string]));
    if (fact.personal) {
      const categories = Array.isArray(data.categories) ? (data.categories as string[]) : undefined;
      for (const [group, fields] of groupPersonalFields(Object.keys(fact.personal), categories)) {
        part(group).personal = Object.fromEntries(fields.map((f) => [f, fact.personal![f]]));
      }
    }
    return parts;
  }
}
