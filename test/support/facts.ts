import { EventType, FactInput, LedgerFact, buildFact } from '@privacy-ledger/client';

/**
 * A fact as POST /v1/events takes it, typed by the catalog: `fact('PersonalDataCollected',
 * { subject, data: {...} })`. The data types are generated from the catalog's JSON Schemas
 * (libs/client/src/generated/catalog.ts), so they say what an emitter may send — `data.system`
 * may be left out where the ledger derives it — and a misspelt field does not compile
 * (test/typed-builders.typecheck.ts). A random id unless one is given.
 */
export const fact = <T extends EventType>(type: T, input: FactInput<T>): LedgerFact<T> => buildFact(type, input);
