import type { ActivityEventType, BreachEventType, EventDataByType, LedgerEventType, RecipientEventType, SubjectEventType } from './event-data';
import { BREACH_EVENT_SCHEMAS } from './schemas/breach-event-schemas';
import { JsonSchema } from './schemas/fragments';
import { REGISTRY_EVENT_SCHEMAS } from './schemas/registry-event-schemas';
import { SUBJECT_EVENT_SCHEMAS } from './schemas/subject-event-schemas';

/** Each stream kind names its streams `<kind>-<id>` and carries its own set of event types. */
export const STREAM_KINDS = ['subject', 'breach', 'recipient', 'activity'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** The event types each stream kind carries. */
export interface StreamEventTypes {
  subject: SubjectEventType;
  breach: BreachEventType;
  recipient: RecipientEventType;
  activity: ActivityEventType;
}

/** Written by the ledger itself; emitters may not send them. */
export const LEDGER_ONLY_EVENT_TYPES = ['SubjectDataShredded'] as const satisfies readonly LedgerEventType[];
export type LedgerOnlyEventType = (typeof LEDGER_ONLY_EVENT_TYPES)[number];
/** The types an emitter may send. */
export type EmittableEventType = Exclude<LedgerEventType, LedgerOnlyEventType>;

export interface EventTypeSpec {
  readonly type: LedgerEventType;
  readonly stream: StreamKind;
  readonly schema: JsonSchema;
  /** Written by the ledger itself; emitters may not send it. */
  readonly ledgerOnly: boolean;
  /** Free-text fields that may name a person: encrypted with the subject's identity key. */
  readonly sealedText: readonly string[];
}

/** Per type: which of its `data` fields are sealed free text. */
type SealedTextOptions<K extends LedgerEventType> = { [P in K]?: readonly (keyof EventDataByType[P] & string)[] };

/** The specs of one stream kind's types: `schemas` must name every type of the kind and no other. */
const spec = <S extends StreamKind>(
  stream: S,
  schemas: Record<StreamEventTypes[S], JsonSchema>,
  sealedText: SealedTextOptions<StreamEventTypes[S]> = {},
): EventTypeSpec[] =>
  (Object.keys(schemas) as StreamEventTypes[S][]).map((type) => ({
    type,
    stream,
    schema: schemas[type],
    ledgerOnly: (LEDGER_ONLY_EVENT_TYPES as readonly string[]).includes(type),
    sealedText: sealedText[type] ?? [],
  }));

const { RecipientRegistered, RecipientUpdated, ProcessingActivityDeclared } = REGISTRY_EVENT_SCHEMAS;

/** Looked up by the `type` an emitter sent, which may name no type at all. */
export const EVENT_CATALOG: ReadonlyMap<string, EventTypeSpec> = new Map(
  [
    ...spec('subject', SUBJECT_EVENT_SCHEMAS, {
      // Free text about one subject's case: sealed with its identity key, gone with its erasure.
      SubjectRequestReceived: ['note'],
      SubjectRequestExtended: ['reason'],
      SubjectRequestRejected: ['reason'],
      ObjectionOverridden: ['reason'],
      RecipientNotificationExempted: ['reason'],
      DisclosedToAuthority: ['legalGround', 'reference'],
    }),
    ...spec('breach', BREACH_EVENT_SCHEMAS),
    ...spec('recipient', { RecipientRegistered, RecipientUpdated }),
    ...spec('activity', { ProcessingActivityDeclared }),
  ].map((s) => [s.type, s]),
);

export const EVENT_TYPES: readonly LedgerEventType[] = [...EVENT_CATALOG.values()].map((s) => s.type);
export const EMITTABLE_EVENT_TYPES: readonly EmittableEventType[] = EVENT_TYPES.filter((t): t is EmittableEventType => !EVENT_CATALOG.get(t)!.ledgerOnly);

/** Whether `type` names a type of the catalog. */
export const isLedgerEventType = (type: string): type is LedgerEventType => EVENT_CATALOG.has(type);

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
