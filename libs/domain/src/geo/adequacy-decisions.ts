import type { TransferSafeguard } from '../catalog/vocabulary';
import { isCountryCode } from './countries';

/**
 * Art. 45(1): a transfer to a third country (or a territory or sector in it) or an international
 * organisation the Commission has found adequate needs no further safeguard. The decisions are
 * dated facts: one covers a transfer only when it is in force at the transfer's time. This is
 * data the operator can replace (LEDGER_ADEQUACY_DECISIONS, a JSON array of these entries);
 * the list below is the Commission's as of 2026.
 */
export interface AdequacyDecision {
  /** ISO 3166-1 alpha-2 of the country; absent for an international organisation. */
  country?: string;
  /** An international organisation the decision covers (no ISO code), e.g. EPO. */
  organisation?: string;
  /** The Commission decision, e.g. "Implementing Decision (EU) 2023/1795". */
  decision: string;
  /** First day it covers transfers (YYYY-MM-DD): the decision's date, or its publication where it took effect then. */
  from: string;
  /** Last day in force (YYYY-MM-DD), when the decision is limited in time or was ended. */
  until?: string;
  /** What the decision covers, where it does not cover every recipient in the country. */
  scope?: string;
  /**
   * The safeguard a transfer must name for the decision to cover it, when the decision covers
   * only recipients that certified under a scheme (the US: the Data Privacy Framework, `dpf`).
   */
  requiresSafeguard?: Extract<TransferSafeguard, 'dpf'>;
}

export const ADEQUACY_DECISIONS: readonly AdequacyDecision[] = [
  { country: 'CH', decision: 'Decision 2000/518/EC', from: '2000-07-26' },
  { country: 'CA', decision: 'Decision 2002/2/EC', from: '2001-12-20', scope: 'commercial organisations subject to PIPEDA' },
  { country: 'AR', decision: 'Decision 2003/490/EC', from: '2003-06-30' },
  { country: 'GG', decision: 'Decision 2003/821/EC', from: '2003-11-21' },
  { country: 'IM', decision: 'Decision 2004/411/EC', from: '2004-04-28' },
  { country: 'JE', decision: 'Decision 2008/393/EC', from: '2008-05-08' },
  { country: 'FO', decision: 'Decision 2010/146/EU', from: '2010-03-05' },
  { country: 'AD', decision: 'Decision 2010/625/EU', from: '2010-10-19' },
  { country: 'IL', decision: 'Decision 2011/61/EU', from: '2011-01-31', scope: 'automated processing' },
  { country: 'UY', decision: 'Implementing Decision 2012/484/EU', from: '2012-08-21' },
  { country: 'NZ', decision: 'Implementing Decision 2013/65/EU', from: '2012-12-19' },
  { country: 'JP', decision: 'Implementing Decision (EU) 2019/419', from: '2019-01-23', scope: 'business operators under the APPI' },
  {
    country: 'GB',
    decision: 'Implementing Decision (EU) 2021/1772, extended 2025 and renewed December 2025',
    from: '2021-06-28',
    until: '2031-12-27',
    scope: 'not transfers for UK immigration control',
  },
  { country: 'KR', decision: 'Implementing Decision (EU) 2022/254', from: '2021-12-17', scope: 'processing under the PIPA' },
  {
    country: 'US',
    decision: 'Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)',
    from: '2023-07-10',
    scope: 'only organisations certified under the Data Privacy Framework',
    requiresSafeguard: 'dpf',
  },
  { organisation: 'EPO', decision: 'Commission adequacy decision of 15 July 2025 (European Patent Organisation)', from: '2025-07-15' },
  { country: 'BR', decision: 'Implementing Decision (EU) 2026/179', from: '2026-01-28', scope: 'in force from its publication in the OJ (28 January 2026)' },
];

/** The decision that covers a transfer to `country` with `safeguard` at `at`, if any (Art. 45). */
export function adequacyDecisionFor(
  country: string,
  safeguard: string | undefined,
  at: string,
  decisions: readonly AdequacyDecision[] = ADEQUACY_DECISIONS,
): AdequacyDecision | undefined {
  const day = dayOf(at);
  return decisions.find((d) => coversDestination(d, country, safeguard) && d.from <= day && (d.until === undefined || day <= d.until));
}

/** Whether a decision is about this destination and a transfer naming this safeguard, whatever its dates. */
const coversDestination = (d: AdequacyDecision, country: string, safeguard: string | undefined): boolean =>
  d.country === country && (d.requiresSafeguard === undefined || d.requiresSafeguard === safeguard);

/**
 * The first decision that came into force after `at` and covers the same destination with the
 * same safeguard: a transfer made before it lacked a ground only until its first day (the US
 * under `dpf` before 10 July 2023). Undefined when none does.
 */
export function adequacyDecisionAfter(
  country: string,
  safeguard: string | undefined,
  at: string,
  decisions: readonly AdequacyDecision[] = ADEQUACY_DECISIONS,
): AdequacyDecision | undefined {
  const day = dayOf(at);
  return decisions.filter((d) => coversDestination(d, country, safeguard) && d.from > day).sort((a, b) => a.from.localeCompare(b.from))[0];
}

/** `YYYY-MM-DD` of an instant in UTC (decisions name days; the day of the transfer decides). */
const dayOf = (at: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : new Date(at).toISOString().slice(0, 10));

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Problems with an operator's table of decisions, one line each; empty when it is usable. */
export function adequacyDecisionProblems(table: unknown): string[] {
  if (!Array.isArray(table)) return ['(table) must be an array of decisions'];
  const problems: string[] = [];
  table.forEach((d: Record<string, unknown>, i) => {
    const at = `[${i}]`;
    if (typeof d !== 'object' || d === null) return problems.push(`${at} must be an object`);
    if (d.country === undefined && d.organisation === undefined) problems.push(`${at} needs a country or an organisation`);
    if (d.country !== undefined && (typeof d.country !== 'string' || !isCountryCode(d.country)))
      problems.push(`${at}.country must be an ISO 3166-1 alpha-2 code`);
    if (typeof d.decision !== 'string' || !d.decision) problems.push(`${at}.decision must name the decision`);
    if (typeof d.from !== 'string' || !DAY.test(d.from)) problems.push(`${at}.from must be a date YYYY-MM-DD`);
    if (d.until !== undefined && (typeof d.until !== 'string' || !DAY.test(d.until))) problems.push(`${at}.until must be a date YYYY-MM-DD`);
    if (d.requiresSafeguard !== undefined && d.requiresSafeguard !== 'dpf') problems.push(`${at}.requiresSafeguard may only be dpf`);
    for (const key of Object.keys(d)) {
      if (!['country', 'organisation', 'decision', 'from', 'until', 'scope', 'requiresSafeguard'].includes(key))
        problems.push(`${at} has an unknown field ${key}`);
    }
    return undefined;
  });
  return problems;
}
