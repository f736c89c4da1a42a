import { SetMetadata } from '@nestjs/common';

export const APPENDS_FACTS_METADATA = 'ledger:appends-facts';

/** Where a route's body carries facts: one envelope, or `{events: [...]}`. */
export type FactsShape = 'one' | 'batch';

/**
 * Marks a route that appends facts, and where they are in its body, so that the facts an
 * emitter key sends can be checked against its systems. Emitter keys may call no route without it.
 */
export const AppendsFacts = (shape: FactsShape) => SetMetadata(APPENDS_FACTS_METADATA, shape);
