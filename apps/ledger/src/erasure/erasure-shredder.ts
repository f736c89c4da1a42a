import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ShredDueKeysCommand, ShreddingUnprovenError } from './shred-due-keys.command';
import type { EffectsLease } from '../lease/effects-lease';

/**
 * How the erasure process shreds in the server: by ShredDueKeysCommand. A failure is logged
 * (an unproven shredding raised its alarm already) and left to the next sweep. Only on the
 * instance holding the effects lease: a standby folds the same states and leaves the keys to
 * the holder; when it takes over, its first sweep shreds whatever is due (ErasureStates.dueBy).
 */
export function erasureShredder(commands: CommandBus, lease: EffectsLease): (subjectId: string) => Promise<void> {
  const logger = new Logger('Erasure');
  return async (subjectId) => {
    if (!lease.holds) return;
    try {
      await commands.execute(new ShredDueKeysCommand(subjectId));
    } catch (error) {
      if (error instanceof ShreddingUnprovenError) return;
      logger.error(`subject ${subjectId}: shredding failed, the sweep will retry: ${(error as Error).message}`);
    }
  };
}
