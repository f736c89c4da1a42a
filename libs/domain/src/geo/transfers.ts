import { ADEQUACY_DECISIONS, AdequacyDecision, adequacyDecisionFor } from './adequacy-decisions';
import { isInEea } from './countries';

/** Safeguards that stand on their own, whatever the destination: Art. 46(2)(c) SCCs, Art. 47 BCRs, an Art. 49 derogation. */
const OWN_SAFEGUARDS: ReadonlySet<string> = new Set(['scc', 'bcr', 'derogation']);

/** How Chapter V judges one transfer, as of its time. */
export type TransferGround =
  | { ok: true; ground: 'eea' | 'adequacy' | 'safeguard'; decision?: string }
  | { ok: false; problem: 'no-safeguard' | 'no-adequacy-decision' | 'dpf-not-in-force' };

/**
 * Art. 44–49 for one transfer: inside the EEA none is needed; a destination an adequacy decision
 * covers at the transfer's time needs no named safeguard (Art. 45(1)), and `adequacy` is accepted
 * only there; `dpf` only for the US while its decision is in force (from 10 July 2023);
 * SCCs, BCRs and derogations (Art. 46, 47, 49) stand on their own.
 */
export function judgeTransfer(
  country: string,
  safeguard: string | undefined,
  at: string,
  decisions: readonly AdequacyDecision[] = ADEQUACY_DECISIONS,
): TransferGround {
  if (isInEea(country)) return { ok: true, ground: 'eea' };
  const decision = adequacyDecisionFor(country, safeguard, at, decisions);
  if (decision) return { ok: true, ground: 'adequacy', decision: decision.decision };
  if (safeguard !== undefined && OWN_SAFEGUARDS.has(safeguard)) return { ok: true, ground: 'safeguard' };
  if (safeguard === 'dpf') return { ok: false, problem: 'dpf-not-in-force' };
  if (safeguard === 'adequacy') return { ok: false, problem: 'no-adequacy-decision' };
  return { ok: false, problem: 'no-safeguard' };
}

/** True for a transfer outside the EEA that no Chapter V ground covers at `at`. */
export const lacksSafeguard = (country: string, safeguard: string | undefined, at: string, decisions?: readonly AdequacyDecision[]): boolean =>
  !judgeTransfer(country, safeguard, at, decisions).ok;
