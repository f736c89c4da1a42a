import type { Command } from 'commander';
import { registerDemo } from './demo.command';
import { registerRebuild } from './rebuild.command';
import { registerKeysCommand } from './keys.command';

/** Each command registers itself on the program; add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [registerRebuild, registerDemo, registerKeysCommand];
