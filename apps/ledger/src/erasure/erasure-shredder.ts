import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ShredDueKeysCommand, ShreddingUnprovenError } from './shred-due-keys.command';

/**
 * How the erasure process shreds in the server: by ShredDueKeysCommand. A failure is logged
 * (an unproven shredding raised its alarm already) and left to the next sweep.
 */
export function erasureShredder(commands: CommandBus): (subjectId: string) => Promise<void> {
  const logger = new Logger('Erasure');
  return async (subjectId) => {
    try {
      await commands.execute(new ShredDueKeysCommand(subjectId));
    } catch (error) {
      if (error instanceof ShreddingUnprovenError) return;
      logger.error(`subject ${subjectId}: shredding failed, the sweep will retry: ${(error as Error).message}`);
    }
  };
}
