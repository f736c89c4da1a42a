import { isInEea } from './countries';

/** The Chapter V grounds for a transfer outside the EEA (Art. 45, DPF under 45, 46(2)(c), 47, 49). */
const SAFEGUARDS: ReadonlySet<string> = new Set(['adequacy', 'dpf', 'scc', 'bcr', 'derogation']);

/**
 * Art. 44: data that goes to a country outside the EEA needs a Chapter V safeguard. True for
 * such a transfer without one (none stated, or `none`); false inside the EEA.
 */
export const lacksSafeguard = (country: string, safeguard: string | undefined): boolean =>
  !isInEea(country) && !(safeguard !== undefined && SAFEGUARDS.has(safeguard));
