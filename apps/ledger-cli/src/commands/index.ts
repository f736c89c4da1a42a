import type { Command } from 'commander';
import { registerDemo } from './demo.command';
import { registerKeysCommand } from './keys.command';
import { registerMigrate } from './migrate.command';
import { registerRebuild } from './rebuild.command';
import { registerVerify } from './verify.command';
import { registerVerifySummary } from './verify-summary.command';
import { registerVerifyReceipt } from './verify-receipt.command';
import { registerVault } from './vault.command';

/** Each command registers itself on the program; add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [
  registerRebuild,
  registerVerify,
  registerKeysCommand,
  registerVerifySummary,
  registerVerifyReceipt,
  registerDemo,
  registerMigrate,
  registerVault,
];
