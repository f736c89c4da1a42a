import type { StoredSubjectRead, SubjectRead, SubjectReadFilter } from './subject-read';

/** Seals a purpose read in clear from an older log with the subject's identity key; undefined when that key is gone. */
export type LegacyPurposeSealer = (subjectId: string, purpose: string) => Promise<string | undefined>;

/**
 * Who read which subject's records, append-only: access-audit.db in the data directory
 * (SqliteAccessAuditLog, the embedded default) or the PostgreSQL database instances share
 * (PostgresAccessAuditLog, when LEDGER_DATABASE_URL is set). Each read is durable before its
 * data is sent. The stated purposes are kept sealed only (read-purposes.ts): nothing in the log
 * names a person in clear. Also the Nest injection token.
 */
export abstract class AccessAuditLog {
  /** Resolves once the read is durable. */
  abstract record(read: SubjectRead): Promise<void>;

  /** Oldest first; ask for one more than the limit to know whether another page follows. */
  abstract find(filter: SubjectReadFilter): Promise<StoredSubjectRead[]>;

  /** Seals the clear purposes an older log left (only the embedded log ever had them); how many. */
  abstract sealLegacyPurposes(sealer: LegacyPurposeSealer): Promise<number>;

  abstract close(): Promise<void>;
}
