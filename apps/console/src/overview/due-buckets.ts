/** When an open finding falls due, seen from the ledger's clock (the ledger counts them: GET /v1/overview, /v1/findings?due=). */
export type DueBucket = 'overdue' | 'within72h' | 'later';

export const DUE_BUCKETS: readonly DueBucket[] = ['overdue', 'within72h', 'later'];
