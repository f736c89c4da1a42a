import type { Role } from '../api/types';

/** The console's screens. */
export type ScreenId =
  'overview' | 'findings' | 'subjects' | 'breaches' | 'breach-summary' | 'requests' | 'record-of-processing' | 'recipients' | 'audit' | 'integrity' | 'keys';

/**
 * Which screens each role may open: those whose API routes the role may call (the access
 * policy of test/access-matrix.e2e-spec.ts). Admin keys may call every route.
 */
const SCREENS_OF: Record<Exclude<Role, 'emitter'>, readonly ScreenId[]> = {
  dpo: ['overview', 'findings', 'subjects', 'breaches', 'breach-summary', 'requests', 'record-of-processing', 'recipients', 'audit', 'integrity'],
  regulator: ['breach-summary', 'record-of-processing', 'integrity'],
  admin: ['overview', 'findings', 'subjects', 'breaches', 'breach-summary', 'requests', 'record-of-processing', 'recipients', 'audit', 'integrity', 'keys'],
};

/** Emitter keys append facts from systems; they have no screen. */
export const canUseConsole = (role: Role): role is Exclude<Role, 'emitter'> => role !== 'emitter';

export const mayOpen = (role: Role, screen: ScreenId): boolean => canUseConsole(role) && SCREENS_OF[role].includes(screen);

/** Where a key lands after sign-in: the first screen it may open. */
export const homeScreenOf = (role: Exclude<Role, 'emitter'>): ScreenId => SCREENS_OF[role][0];
