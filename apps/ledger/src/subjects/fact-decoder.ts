import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOG, StoredFactMetadata } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { GroupKeys, KEY_VAULT, KeyVault, SealedPersonal, openPersonal } from '@ledger/vault';

/** A stored fact as an authorised reader sees it: decrypted where the subject's keys exist. */
export interface FactView {
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  stream: string;
  revision: number;
  position: number;
  subject?: { subjectId: string; system?: string; externalId?: string };
  data: Record<string, unknown>;
  personal?: Record<string, unknown>;
  /** Key groups of this fact whose keys were shredded: their values read "[erased]". */
  erased?: string[];
}

@Injectable()
export class FactDecoder {
  constructor(@Inject(KEY_VAULT) private readonly vault: KeyVault) {}

  /** Decodes events of one subject with one read of its keys. */
  async decodeAll(events: readonly RecordedEvent[]): Promise<FactView[]> {
    const keysBySubject = new Map<string, GroupKeys>();
    const views: FactView[] = [];
    for (const event of events) {
      const subjectId = (event.metadata as unknown as StoredFactMetadata).subjectId;
      if (subjectId && !keysBySubject.has(subjectId)) keysBySubject.set(subjectId, await this.vault.keysForReading(subjectId));
      views.push(this.decode(event, subjectId ? keysBySubject.get(subjectId)! : new Map()));
    }
    return views;
  }

  decode(event: RecordedEvent, keys: GroupKeys): FactView {
    const metadata = event.metadata as unknown as StoredFactMetadata;
    const view: FactView = {
      id: event.id,
      type: event.type,
      occurredAt: metadata.occurredAt,
      recordedAt: event.recordedAt,
      stream: event.streamId,
      revision: event.revision,
      position: event.position.commit,
      data: { ...event.data },
    };
    if (!metadata.subjectId) return view;
    view.subject = { subjectId: metadata.subjectId, ...(metadata.system ? { system: metadata.system } : {}) };
    if (!metadata.sealed) return view;
    const opened = openPersonal(event.id, metadata.sealed as SealedPersonal, keys);
    if (opened.externalId !== undefined) view.subject.externalId = opened.externalId;
    for (const field of EVENT_CATALOG.get(event.type)?.sealedText ?? []) {
      if (opened.text[field] !== undefined) view.data[field] = opened.text[field];
    }
    if (Object.keys(opened.personal).length) view.personal = opened.personal;
    if (opened.erased.length) view.erased = opened.erased;
    return view;
  }
}
