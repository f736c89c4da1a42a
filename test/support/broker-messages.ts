import { randomUUID } from 'node:crypto';

/** A bad message of the mix: what is wrong, the status and a word the error must hold. */
export interface BadMessage {
  messageId: string;
  kind: 'malformed-json' | 'schema' | 'outside-scope' | 'conflicting-id' | 'bad-batch-item' | 'unknown-breach';
  status: number;
  names: string;
  content: string;
}

export interface MessageMix {
  messages: { content: string; messageId: string }[];
  bad: BadMessage[];
  /** Ids of every fact of a good message, each to be in the log once. */
  goodIds: string[];
  /** Ids that appear only in bad messages: never in the log. */
  badOnlyIds: string[];
  /** Ids a bad message reused with other content, and the purpose of the original. */
  reusedIds: { id: string; purpose: string }[];
}

const collectedFact = (system: string, n: number, id = randomUUID()) => ({
  id,
  type: 'PersonalDataCollected',
  occurredAt: '2026-01-05T10:00:00Z',
  subject: { system, externalId: `S-${n % 500}` },
  data: { categories: ['user.contact.email'], purpose: `service-${n % 7}`, legalBasis: 'contract', source: 'data-subject' },
  personal: { email: `s${n % 500}@example.nl` },
});

const KINDS: BadMessage['kind'][] = ['malformed-json', 'schema', 'outside-scope', 'conflicting-id', 'bad-batch-item', 'unknown-breach'];

/**
 * `count` messages for a queue scoped to `system`: every tenth a batch of three facts, the
 * others one fact; one in a hundred bad, in turn each of six ways (the one before a bad message
 * is always a single good fact, whose id the conflicting kind reuses).
 */
export function messageMix(count: number, system: string): MessageMix {
  const mix: MessageMix = { messages: [], bad: [], goodIds: [], badOnlyIds: [], reusedIds: [] };
  let previous: ReturnType<typeof collectedFact> | undefined;
  for (let i = 0; i < count; i++) {
    const messageId = `m-${i}`;
    if (i % 100 === 50) {
      const kind = KINDS[Math.floor(i / 100) % KINDS.length];
      const { content, status, names, ids } = badMessage(kind, system, i, previous!);
      mix.messages.push({ content, messageId });
      mix.bad.push({ messageId, kind, status, names, content });
      mix.badOnlyIds.push(...ids);
      if (kind === 'conflicting-id') mix.reusedIds.push({ id: previous!.id, purpose: previous!.data.purpose });
      continue;
    }
    if (i % 10 === 0) {
      const events = [0, 1, 2].map((k) => collectedFact(system, i + k));
      mix.messages.push({ content: JSON.stringify({ events }), messageId });
      mix.goodIds.push(...events.map((e) => e.id));
      previous = undefined;
    } else {
      const fact = collectedFact(system, i);
      mix.messages.push({ content: JSON.stringify(fact), messageId });
      mix.goodIds.push(fact.id);
      previous = fact;
    }
  }
  return mix;
}

function badMessage(kind: BadMessage['kind'], system: string, i: number, previous: ReturnType<typeof collectedFact>) {
  switch (kind) {
    case 'malformed-json': {
      const fact = collectedFact(system, i);
      return { content: JSON.stringify(fact).slice(0, 60), status: 400, names: 'not valid JSON', ids: [fact.id] };
    }
    case 'schema': {
      const fact = collectedFact(system, i);
      const { legalBasis: _, ...data } = fact.data;
      return { content: JSON.stringify({ ...fact, data }), status: 400, names: 'data.legalBasis', ids: [fact.id] };
    }
    case 'outside-scope': {
      const fact = { ...collectedFact(system, i), subject: { system: 'payroll', externalId: `P-${i}` } };
      return { content: JSON.stringify(fact), status: 403, names: 'subject.system', ids: [fact.id] };
    }
    case 'conflicting-id': {
      const fact = collectedFact(system, i, previous.id);
      fact.data.purpose = 'something-else';
      return { content: JSON.stringify(fact), status: 409, names: previous.id, ids: [] };
    }
    case 'bad-batch-item': {
      const events = [0, 1, 2].map((k) => collectedFact(system, i + k));
      const broken = { ...events[1], data: { ...events[1].data, legalBasis: 'because' } };
      return { content: JSON.stringify({ events: [events[0], broken, events[2]] }), status: 400, names: 'data.legalBasis', ids: events.map((e) => e.id) };
    }
    case 'unknown-breach': {
      const id = randomUUID();
      const fact = {
        id,
        type: 'PersonalDataBreached',
        occurredAt: '2026-01-05T10:00:00Z',
        subject: { system, externalId: `S-${i % 500}` },
        data: { breachId: `B-NONE-${i}`, categories: ['user.contact.email'] },
      };
      return { content: JSON.stringify(fact), status: 400, names: 'data.breachId', ids: [id] };
    }
  }
}
