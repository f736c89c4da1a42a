import type { OpenAPIObject } from '@nestjs/swagger';
import { EVENT_CATALOG } from '@ledger/domain';

/** Publishes each event type's `data` schema (the catalog's own JSON Schemas) in the OpenAPI document. */
export function addCatalogSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? (document.components.schemas = {});
  for (const spec of EVENT_CATALOG.values()) {
    if (spec.ledgerOnly) continue;
    schemas[`${spec.type}Data`] = { ...(spec.schema as object), description: `data of ${spec.type} (a ${spec.stream} event)` };
  }
  return document;
}
