import { Logger } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { KeyVault, reapplyErasures } from '@ledger/vault';

/**
 * Before the vault serves anything: every SubjectDataShredded the log holds since the vault's
 * mark is applied to it again, so a vault restored from an older backup never brings back a
 * key the log says was destroyed. A failure stops the start (the vault is closed first).
 */
export async function reapplyErasuresAtStart(store: EventStore, vault: KeyVault): Promise<void> {
  const logger = new Logger('Erasure');
  try {
    const result = await reapplyErasures(store, vault);
    if (result.reapplied.length) {
      logger.warn(
        `the key vault held keys the log says were destroyed (a restored backup?): destroyed again for ${result.reapplied.length} subject(s): ` +
          result.reapplied.map((r) => `${r.subjectId} (${r.keyGroups.join(', ')})`).join('; '),
      );
    }
    logger.log(
      `erasures re-applied to the key vault: ${result.shreddings} shredding(s) in ${result.eventsRead} event(s) read since ${result.from ? `position ${result.from.commit}` : 'the start of the log'}`,
    );
  } catch (error) {
    await vault.close().catch(() => undefined);
    throw new Error(`cannot re-apply the log's erasures to the key vault: ${(error as Error).message}`);
  }
}
