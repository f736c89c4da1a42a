import type { Command } from 'commander';
import { registerKeysCommand } from './keys.command';

/** Each command registers itself on the program; add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [registerKeysCommand];
