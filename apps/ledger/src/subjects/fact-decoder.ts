import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOG, FactRecorder, StoredEventLike, StoredFactMetadata } from '@ledger/domain';
import { ERASED, GroupKeys, KEY_VAULT, KeyVault, SealedPersonal, openPersonal } from '@ledger/vault';

interface SubjectSecrets {
  keys: GroupKeys;
  /** The subject's external id per emitting system. */
  names: ReadonlyMap<string, string>;
}

const NO_SECRETS: SubjectSecrets = { keys: new Map(), names: new Map() };

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
  /** The key (its id, and its name and role when it recorded this) or ledger process that recorded the fact, as the log says. */
  recordedBy?: FactRecorder;
  data: Record<string, unknown>;
  personal?: Record<string, unknown>;
  /** Key groups of this fact whose keys were shredded: their values read "[erased]". */
  erased?: string[];
}

@Injectable()
export class FactDecoder {
  constructor(@Inject(KEY_VAULT) private readonly vault: KeyVault) {}

  /** Decodes events with one read of each subject's keys and names. */
  async decodeAll(events: readonly StoredEventLike[]): Promise<FactView[]> {
    const subjects = new Map<string, SubjectSecrets>();
    const views: FactView[] = [];
    for (const event of events) {
      const subjectId = (event.metadata as unknown as StoredFactMetadata).subjectId;
      if (subjectId && !subjects.has(subjectId)) {
        const names = await this.vault.namesOf(subjectId);
        subjects.set(subjectId, {
          keys: await this.vault.keysForReading(subjectId),
          names: new Map(names.map((n) => [n.system, n.externalId])),
        });
      }
      views.push(this.decode(event, subjectId ? subjects.get(subjectId)! : NO_SECRETS));
    }
    return views;
  }

  decode(event: StoredEventLike, { keys, names }: SubjectSecrets): FactView {
    const metadata = event.metadata as unknown as StoredFactMetadata;
    const view: FactView = {
      id: event.id,
      type: event.type,
      occurredAt: metadata.occurredAt,
      recordedAt: event.recordedAt,
      stream: event.streamId,
      revision: event.revision,
      position: event.position.commit,
      ...(metadata.recordedBy ? { recordedBy: metadata.recordedBy } : {}),
      data: { ...event.data },
    };
    if (!metadata.subjectId) return view;
    view.subject = { subjectId: metadata.subjectId };
    if (metadata.system) {
      view.subject.system = metadata.system;
      view.subject.externalId = names.get(metadata.system) ?? ERASED;
    }
    if (!metadata.sealed) return view;
    const opened = openPersonal(event.id, metadata.sealed as SealedPersonal, keys);
    for (const field of EVENT_CATALOG.get(event.type)?.sealedText ?? []) {
      if (opened.text[field] !== undefined) view.data[field] = opened.text[field];
    }
    if (Object.keys(opened.personal).length) view.personal = opened.personal;
    if (opened.erased.length) view.erased = opened.erased;
    return view;
  }
}
