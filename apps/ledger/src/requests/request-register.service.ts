import { Inject, Injectable } from '@nestjs/common';
import { RequestOutcome, RequestStatus, requestStatusAt } from '@ledger/domain';
import type { RequestRow } from '@ledger/projections';
import { GroupKeys, KEY_VAULT, KeyVault, SealedPersonal, openPersonal } from '@ledger/vault';

/** An entry of the DSR register as the API shows it. */
export interface RequestEntry {
  requestId: string;
  subjectId: string;
  right: string;
  receivedAt: string;
  /** After any extension. */
  dueAt: string;
  extendedUntil?: string;
  /** The reason given for the extension: sealed personal text, shown to the DPO while the subject's keys exist, "[erased]" after. */
  extensionReason?: string;
  answeredAt?: string;
  /** The fact that answered it. */
  answeredBy?: { type: string; eventId?: string };
  status: RequestStatus;
}

/** Turns rows of the register into entries at the ledger clock, opening sealed reasons for readers who may see them. */
@Injectable()
export class RequestRegister {
  constructor(@Inject(KEY_VAULT) private readonly vault: KeyVault) {}

  /** Entries of these rows; `reasons`: whether the reader may read the sealed reasons of extensions (the DPO). */
  async entries(rows: readonly RequestRow[], now: Date, reasons: boolean): Promise<RequestEntry[]> {
    const keys = new Map<string, GroupKeys>();
    const out: RequestEntry[] = [];
    for (const row of rows) {
      let extensionReason: string | undefined;
      if (reasons && row.extension_sealed && row.extension_event_id) {
        if (!keys.has(row.subject_id)) keys.set(row.subject_id, await this.vault.keysForReading(row.subject_id));
        const reason = openPersonal(row.extension_event_id, JSON.parse(row.extension_sealed) as SealedPersonal, keys.get(row.subject_id)!).text.reason;
        if (typeof reason === 'string') extensionReason = reason;
      }
      out.push({
        requestId: row.request_id,
        subjectId: row.subject_id,
        right: row.right,
        receivedAt: row.received_at,
        dueAt: row.due_at,
        ...(row.extended_until ? { extendedUntil: row.extended_until } : {}),
        ...(extensionReason !== undefined ? { extensionReason } : {}),
        ...(row.answered_at ? { answeredAt: row.answered_at } : {}),
        ...(row.answered_by ? { answeredBy: { type: row.answered_by, ...(row.answered_by_event_id ? { eventId: row.answered_by_event_id } : {}) } } : {}),
        status: requestStatusAt({ outcome: (row.outcome ?? undefined) as RequestOutcome | undefined, dueAt: row.due_at }, now),
      });
    }
    return out;
  }
}
