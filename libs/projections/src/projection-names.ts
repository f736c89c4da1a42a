/** The ledger's read models, in the order they are listed to operators. */
export const READ_MODEL_NAMES = ['subjects', 'history', 'breaches', 'recipients', 'processing-records', 'requests'] as const;
export type ReadModelName = (typeof READ_MODEL_NAMES)[number];

/** The process manager that runs beside the read models on the same log (erasure/erasure.process.ts). */
export const ERASURE_PROCESS_NAME = 'erasure-process';

/** Everything the ledger folds from its log into projections.db: a misspelt name does not compile. */
export type ProjectionName = ReadModelName | typeof ERASURE_PROCESS_NAME;
