import { v5 as nameBasedUuid } from 'uuid';

const LOWERCASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// The namespace of the name-based ids below; a constant, so a port id always maps to the same UUID.
const NAMESPACE = '5b0e6a1c-2f4d-4e8a-9c3b-7d1e0f2a4c6e';

/**
 * EventStoreDB event ids are UUIDs; the port's are any short printable string. A lowercase
 * UUID is used as it is (operators find the same id in the EventStoreDB UI); anything else,
 * an uppercase UUID included (the server would not tell the two apart), maps to a name-based
 * UUID (RFC 4122 version 5). The port id itself travels in the ledger envelope, so reads never
 * depend on this mapping.
 */
export function toClientEventId(id: string): string {
  return LOWERCASE_UUID.test(id) ? id : nameBasedUuid(id, NAMESPACE);
}
