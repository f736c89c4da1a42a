import { BREACH_EVENT_SCHEMAS } from './schemas/breach-event-schemas';
import { JsonSchema } from './schemas/fragments';
import { REGISTRY_EVENT_SCHEMAS } from './schemas/registry-event-schemas';
import { SUBJECT_EVENT_SCHEMAS } from './schemas/subject-event-schemas';

/** Each stream kind names its streams `<kind>-<id>` and carries its own set of event types. */
export const STREAM_KINDS = ['subject', 'breach', 'recipient', 'activity'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export interface EventTypeSpec {
  readonly type: string;
  readonly stream: StreamKind;
  readonly schema: JsonSchema;
  /** Written by the ledger itself; emitters may not send it. */
  readonly ledgerOnly: boolean;
  /** Free-text fields that may name a person: encrypted with the subject's identity key. */
  readonly sealedText: readonly string[];
}

const spec = (
  stream: StreamKind,
  schemas: Record<string, JsonSchema>,
  options: Record<string, Partial<Pick<EventTypeSpec, 'ledgerOnly' | 'sealedText'>>> = {},
): EventTypeSpec[] =>
  Object.entries(schemas).map(([type, schema]) => ({
    type,
    stream,
    schema,
    ledgerOnly: options[type]?.ledgerOnly ?? false,
    sealedText: options[type]?.sealedText ?? [],
  }));

const { RecipientRegistered, RecipientUpdated, ProcessingActivityDeclared } = REGISTRY_EVENT_SCHEMAS;

export const EVENT_CATALOG: ReadonlyMap<string, EventTypeSpec> = new Map(
  [
    ...spec('subject', SUBJECT_EVENT_SCHEMAS, {
      // Free text about one subject's case: sealed with its identity key, gone with its erasure.
      SubjectRequestExtended: { sealedText: ['reason'] },
      SubjectRequestRejected: { sealedText: ['reason'] },
      DisclosedToAuthority: { sealedText: ['legalGround', 'reference'] },
      SubjectDataShredded: { ledgerOnly: true },
    }),
    ...spec('breach', BREACH_EVENT_SCHEMAS),
    ...spec('recipient', { RecipientRegistered, RecipientUpdated }),
    ...spec('activity', { ProcessingActivityDeclared }),
  ].map((s) => [s.type, s]),
);

export const EVENT_TYPES: readonly string[] = [...EVENT_CATALOG.keys()];
/** The types an emitter may send. */
export const EMITTABLE_EVENT_TYPES: readonly string[] = EVENT_TYPES.filter(
  (t) => !EVENT_CATALOG.get(t)!.ledgerOnly,
);

/** The envelope property that names the stream, per stream kind. */
export const STREAM_REFERENCE: Record<StreamKind, 'subject' | 'breachId' | 'recipientId' | 'activityId'> = {
  subject: 'subject',
  breach: 'breachId',
  recipient: 'recipientId',
  activity: 'activityId',
};

export const streamName = (kind: StreamKind, id: string): string => `${kind}-${id}`;

export function parseStreamName(stream: string): { kind: StreamKind; id: string } | undefined {
  const dash = stream.indexOf('-');
  const kind = stream.slice(0, dash) as StreamKind;
  return dash > 0 && STREAM_KINDS.includes(kind) ? { kind, id: stream.slice(dash + 1) } : undefined;
}
