import type { KeyGroup } from '@ledger/domain';
import type { GroupKeys, KeyVault, PreparedSubject, SubjectKeyRequest, SubjectName } from '@ledger/vault';
import type { OperationMetrics } from './operation-metrics';

/** A key vault that counts and times each operation on OperationMetrics; the work is the inner vault's. */
export class MeteredKeyVault implements KeyVault {
  constructor(
    private readonly inner: KeyVault,
    private readonly metrics: OperationMetrics,
  ) {}

  async prepare(requests: readonly SubjectKeyRequest[]): Promise<PreparedSubject[]> {
    const prepared = await this.timed('prepare', () => this.inner.prepare(requests));
    this.metrics.subjectsCreated(prepared.filter((p) => p.created).length);
    return prepared;
  }

  findSubject = (name: SubjectName) => this.timed('find_subject', () => this.inner.findSubject(name));
  subjectExists = (subjectId: string) => this.timed('subject_exists', () => this.inner.subjectExists(subjectId));
  namesOf = (subjectId: string) => this.timed('names_of', () => this.inner.namesOf(subjectId));
  keysForReading = (subjectId: string): Promise<GroupKeys> => this.timed('keys_for_reading', () => this.inner.keysForReading(subjectId));
  shred = (subjectId: string, groups: readonly KeyGroup[]) => this.timed('shred', () => this.inner.shred(subjectId, groups));
  close = () => this.inner.close();

  private async timed<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      const result = await work();
      this.metrics.vaultOperation(operation, 'ok', Number(process.hrtime.bigint() - start) / 1e9);
      return result;
    } catch (error) {
      this.metrics.vaultOperation(operation, 'failed', Number(process.hrtime.bigint() - start) / 1e9);
      throw error;
    }
  }
}
