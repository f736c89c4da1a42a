/** The ledger's answer for one recorded fact. */
export interface FactReceipt {
  id: string;
  /** The stream it was appended to, e.g. `subject-019…`. */
  stream: string;
  revision: number;
  /** Its global log position: pass it as `?minPosition=` to read your own write. */
  position: number;
  /** The pseudonymous subject id the ledger assigned (subject events). */
  subjectId?: string;
  /** True when the ledger had it already (a retry): nothing was written twice. */
  duplicate: boolean;
}
