import type { Command } from 'commander';
import { registerVerify } from './verify.command';

/** Each command registers itself on the program; add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [registerVerify];
