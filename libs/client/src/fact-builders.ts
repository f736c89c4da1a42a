import { buildFact, FactInput, LedgerFact } from './fact';
import { CatalogMethods, EventType } from './generated/catalog';

/** Typed builders of fact envelopes, one per event type, for `record()`, `recordMany()` or your own transport. */
class FactBuilders extends CatalogMethods<LedgerFact> {
  protected fact<T extends EventType>(type: T, input: FactInput<T>): LedgerFact {
    return buildFact(type, input) as unknown as LedgerFact;
  }
}

export const facts = new FactBuilders();
