import { hash } from 'node:crypto';

/**
 * What leaf i of the log tree holds: the i-th event of the log, as the UTF-8 text
 * `<event id> LF <hex chain hash>`. The chain hash already covers everything stored of the
 * event (stream, revision, id, type, recordedAt, data, metadata) and its predecessor in its
 * stream; the id in front lets a proof name its event without the event at hand.
 */
export const logLeaf = (eventId: string, eventHash: string): Buffer => Buffer.from(`${eventId}\n${eventHash}`, 'utf8');

/** RFC 9162 leaf hash of an event's leaf: SHA-256(0x00 || leaf), hashed from one string (one allocation fewer a leaf). */
export const logLeafHash = (eventId: string, eventHash: string): Buffer => hash('sha256', `\u0000${eventId}\n${eventHash}`, 'buffer');
