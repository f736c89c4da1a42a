import {
  CUSTOM_CATEGORIES_PER_FACT,
  EMITTABLE_EVENT_TYPES,
  EVENT_CATALOG,
  IDENTIFIER_PATTERN,
  RESERVED_NAMES,
  STREAM_REF_PATTERN,
  TEXT_LABEL_PATTERN,
  normalNamePart,
} from '@ledger/domain';
import { BROKEN_EXAMPLES, VALID_EXAMPLES } from '../fixtures/catalog-examples';
import type { RawRequest } from '../support/raw-http';
import { SeededRandom } from '../support/seeded-random';

/** The callers a hostile request may come from; the test fills in their headers. */
export type Caller = 'admin' | 'dpo' | 'regulator' | 'emitter' | 'anonymous' | 'forged';

/** One generated request: what it is (for the report) and its bytes. */
export interface HostileRequest {
  kind: string;
  caller: Caller;
  request: RawRequest | Buffer;
}

export interface Targets {
  /** A subject that exists: reads of it must carry something that fails. */
  knownSubjectId: string;
  /** The system on the emitter key. */
  emitterSystem: string;
  bodyLimit: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const ALL_CALLERS: Caller[] = ['admin', 'dpo', 'regulator', 'emitter', 'anonymous', 'forged'];
const WRITERS: Caller[] = ['admin', 'admin', 'dpo', 'emitter', 'emitter', 'regulator', 'anonymous', 'forged'];
const SUBJECT_TYPES = EMITTABLE_EVENT_TYPES.filter((t) => 'subject' in VALID_EXAMPLES[t].ref);
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

/** Characters that change nothing visible in an id, or how it is ordered on screen. */
const LOOK_ALIKE_INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u200e',
  '\u200f',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u061c',
  '\ufe0f',
  '\u3164',
  '\u0000',
  '\u0085',
  '\u2028',
];
const SURROUNDING_SPACES = [' ', '\t', '\u00a0', '\u3000', '\u2003', '  '];
/** Cyrillic and Greek capitals that look like Latin ones. */
const LOOK_ALIKE_LETTERS: Record<string, string> = { C: '\u0421', K: '\u039a', A: '\u0410', P: '\u0420', E: '\u0395', M: '\u041c' };

type Path = (string | number)[];

const LABEL_PATTERNS = new Set([IDENTIFIER_PATTERN, STREAM_REF_PATTERN, TEXT_LABEL_PATTERN]);

/** Where a type's data holds labels (identifiers, stream refs, descriptive text), found in its catalog schema. */
function labelPaths(schema: Json, at: Path = []): { path: Path; identifier: boolean }[] {
  if (typeof schema.pattern === 'string' && LABEL_PATTERNS.has(schema.pattern)) return [{ path: at, identifier: schema.pattern !== TEXT_LABEL_PATTERN }];
  if (schema.type === 'array' && isObject(schema.items)) return labelPaths(schema.items, [...at, 0]);
  if (!isObject(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([key, sub]) => (isObject(sub) ? labelPaths(sub, [...at, key]) : []));
}
const LABEL_PATHS: Record<string, { path: Path; identifier: boolean }[]> = Object.fromEntries(
  EMITTABLE_EVENT_TYPES.map((t) => [t, labelPaths(EVENT_CATALOG.get(t)!.schema as Json)]),
);

/** Label values every label shape refuses: reserved names, e-mail addresses, spaces at the ends, control and bidi characters, too long. */
const BAD_LABELS = [
  ...RESERVED_NAMES,
  'newsletter marie.curie@example.nl',
  'marie.curie@example.nl',
  ' newsletter',
  'newsletter ',
  'news\nletter',
  'news\u202eletter',
  'news\u200bletter',
  '',
  'x'.repeat(201),
];
/** And what only identifiers refuse (descriptive labels may hold them). */
const BAD_IDENTIFIERS = [...BAD_LABELS, 'has space', '<img src=x onerror=alert(1)>', '-leading-dash', 'ünïcode', 'x'.repeat(129)];

/** `value` at `path` in a copy of `data`, with the objects and arrays on the way made as needed. */
function setAt(data: Json, path: Path, value: unknown): Json {
  const copy = structuredClone(data);
  let node: any = copy;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
  return copy;
}

/**
 * Nesting deeper than JSON.stringify can recurse: it serialises to a placeholder that toJson
 * replaces with the nested text.
 */
class DeepNesting {
  constructor(
    readonly depth: number,
    readonly kind: 'object' | 'array',
  ) {}

  toJSON(): string {
    return `@@deep:${this.kind}:${this.depth}@@`;
  }
}

const toJson = (value: unknown): string =>
  JSON.stringify(value).replace(/"@@deep:(object|array):(\d+)@@"/g, (_, kind: string, depth: string) =>
    kind === 'object' ? `${'{"a":'.repeat(+depth)}1${'}'.repeat(+depth)}` : `${'['.repeat(+depth)}1${']'.repeat(+depth)}`,
  );

/** Sets a key as an own property, "__proto__" included (a literal would set the prototype). */
const withKey = (object: Json, key: string, value: unknown): Json => {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};

/**
 * Generates requests that must all be refused with a 4xx: each one carries at least one
 * problem that validation, access control or the HTTP layer refuses, whoever sends it, plus
 * noise (huge strings, deep nesting, odd characters) that must not break anything.
 */
export class HostileRequests {
  private readonly rng: SeededRandom;

  constructor(
    seed: number,
    private readonly targets: Targets,
  ) {
    this.rng = new SeededRandom(seed);
  }

  generate(count: number): HostileRequest[] {
    const kinds: [number, () => HostileRequest][] = [
      [30, () => this.brokenEvent()],
      [14, () => this.brokenBatch()],
      [9, () => this.brokenJson()],
      [7, () => this.wrongContentType()],
      [12, () => this.headerAbuse()],
      [12, () => this.hostileRead()],
      [9, () => this.keyAdminAbuse()],
      [7, () => this.routeAbuse()],
      [8, () => this.lookAlikeIds()],
    ];
    const total = kinds.reduce((sum, [weight]) => sum + weight, 0);
    return Array.from({ length: count }, () => {
      let roll = this.rng.next() * total;
      for (const [weight, make] of kinds) {
        roll -= weight;
        if (roll < 0) return make();
      }
      return kinds[0][1]();
    });
  }

  // ---- building blocks ----

  private validEvent(caller: Caller, type = this.rng.pick(EMITTABLE_EVENT_TYPES)): Json {
    const { ref, data, personal } = VALID_EXAMPLES[type];
    const subject = 'subject' in ref ? { subject: { system: this.targets.emitterSystem, externalId: `F-${this.rng.string(8)}` } } : ref;
    const event: Json = { id: this.rng.uuid(), type, occurredAt: '2025-01-01T10:00:00Z', ...subject, data: structuredClone(data) };
    if (personal) event.personal = { ...personal };
    if (caller === 'emitter' && 'system' in (event.data as Json)) (event.data as Json).system = this.targets.emitterSystem;
    return event;
  }

  private hugeString(): string {
    const length = this.rng.pick([1_000, 5_000, 20_000, 100_000]);
    return this.rng
      .pick(['x', 'é', '\u202e', '🙂', '\u0000', '\ud800', '%00', '"'])
      .repeat(Math.ceil(length / 2))
      .slice(0, length);
  }

  private oddString(): string {
    return this.rng.pick([
      '',
      ' ',
      '\u0000',
      'line\nbreak',
      '\u202egnp.exe',
      '\ud800\udc00\ud800',
      '🙂'.repeat(50),
      'ｆｕｌｌｗｉｄｔｈ',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      '${jndi:ldap://x}',
      '../../etc/passwd',
      'null',
      'undefined',
      'constructor',
      '__proto__',
    ]);
  }

  private deep(depth: number, kind: 'object' | 'array'): unknown {
    return new DeepNesting(depth, kind);
  }

  private wrongTypeValue(): unknown {
    return this.rng.pick<unknown>([null, true, 0, -1, 1e308, 3.14, '', [], {}, [1, 2], { a: 1 }, this.oddString()]);
  }

  /** Noise: hostile content that may or may not be a problem by itself. */
  private addNoise(event: Json): Json {
    const data = { ...(event.data as Json) };
    const fields = Object.keys(data);
    switch (this.rng.int(0, 5)) {
      case 0:
        if (fields.length) data[this.rng.pick(fields)] = this.hugeString();
        break;
      case 1:
        data[this.rng.pick(fields.length ? fields : ['x'])] = this.deep(this.rng.pick([10, 100, 1_000, 5_000]), this.rng.pick(['object', 'array'] as const));
        break;
      case 2:
        if (fields.length) data[this.rng.pick(fields)] = this.oddString();
        break;
      case 3:
        return { ...event, personal: { note: this.hugeString() } };
      case 4:
        if (fields.length) data[this.rng.pick(fields)] = this.wrongTypeValue();
        break;
      default:
        return event;
    }
    return { ...event, data };
  }

  /** A change that makes any event invalid, whoever sends it. */
  private breakEvent(event: Json): Json {
    // An earlier break may have replaced type or data; these stay usable either way.
    const type = typeof event.type === 'string' && Object.hasOwn(BROKEN_EXAMPLES, event.type) ? event.type : 'ConsentGiven';
    const data = isObject(event.data) ? event.data : structuredClone(VALID_EXAMPLES[type].data);
    const isSubjectEvent = 'subject' in event;
    const reference = ['breachId', 'recipientId', 'activityId'].find((k) => k in event) ?? 'breachId';
    const breaks: (() => Json)[] = [
      () => ({
        ...event,
        id: this.rng.pick<unknown>([
          42,
          '42',
          '',
          null,
          [],
          {},
          'x'.repeat(5_000),
          `{${this.rng.uuid()}}`,
          `${this.rng.uuid()} `,
          this.rng.uuid().replace(/[0-9a-f]/, 'g'),
        ]),
      }),
      () => ({
        ...event,
        type: this.rng.pick<unknown>([
          'PersonalDataSold',
          '',
          type.toLowerCase(),
          'SubjectDataShredded',
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          42,
          null,
          [type],
          `${type}\u0000`,
          'x'.repeat(20_000),
        ]),
      }),
      () => ({
        ...event,
        occurredAt: this.rng.pick<unknown>([
          '2025-02-30T10:00:00Z',
          '2025-13-01T00:00:00Z',
          '2025-01-01T24:00:00Z',
          '2025-01-01T10:60:00Z',
          '2025-01-01',
          '2025-01-01T10:00:00',
          'yesterday',
          '',
          1735725600000,
          null,
          '2025-01-01T10:00:00+25:00',
          '1899-12-31T00:00:00Z',
          '+002025-01-01T00:00:00Z',
          '2025-01-01T10:00:00.1234567890Z',
          '２０２５-01-01T00:00:00Z',
          'x'.repeat(10_000),
        ]),
      }),
      () =>
        withKey(
          event,
          this.rng.pick(['__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'revision', 'recordedAt', 'stream', this.rng.string(12)]),
          this.rng.pick<unknown>([{ polluted: true }, true, 1, 'x']),
        ),
      () => ({ ...event, data: this.rng.pick<unknown>([null, [], 'data', 42, true, [event.data]]) }),
      () => ({
        ...event,
        data: withKey(data, this.rng.pick(['__proto__', 'constructor', 'isAdmin', '', ' ', 'x'.repeat(500), this.rng.string(10)]), { polluted: true }),
      }),
      () => ({ ...event, data: BROKEN_EXAMPLES[type].data(data) }),
      // A label of the type (any of them) set to a reserved name, an e-mail address, a sentence, …
      () => {
        const labels = LABEL_PATHS[type] ?? [];
        if (labels.length === 0) return { ...event, data: BROKEN_EXAMPLES[type].data(data) };
        const { path, identifier } = this.rng.pick(labels);
        return { ...event, data: setAt(data, path, this.rng.pick(identifier ? BAD_IDENTIFIERS : BAD_LABELS)) };
      },
      // Many categories: more custom ones than a fact may name, or more than a list may hold.
      () => ({ ...event, data: { ...data, categories: this.manyCategories() } }),
      // A stream reference that does not belong to this type.
      () => (isSubjectEvent ? { ...event, breachId: 'B-1' } : { ...event, subject: { system: this.targets.emitterSystem, externalId: 'C-1' } }),
      () =>
        isSubjectEvent
          ? {
              ...event,
              subject: this.rng.pick<unknown>([
                { system: this.targets.emitterSystem },
                { externalId: 'C-1' },
                { system: this.targets.emitterSystem, externalId: '' },
                { system: this.targets.emitterSystem, externalId: 'x'.repeat(this.rng.int(201, 50_000)) },
                { system: this.targets.emitterSystem, externalId: 'a\u0000b' },
                { system: this.targets.emitterSystem, externalId: 'C-1', extra: 1 },
                { system: this.targets.emitterSystem, externalId: 'C-1', subjectId: this.targets.knownSubjectId },
                { subjectId: 'not-a-uuid' },
                { subjectId: null },
                null,
                this.targets.emitterSystem,
                [],
                42,
              ]),
            }
          : { ...event, [reference]: this.rng.pick<unknown>([null, '', 'has space', 'x'.repeat(200), 42, ['B-1'], '../etc', ...RESERVED_NAMES]) },
      () => ({
        ...event,
        personal: this.rng.pick<unknown>([
          { address: { street: 'x' } },
          { list: [1] },
          'string',
          [],
          42,
          { '': 'x' },
          { x: 'y'.repeat(100_001) },
          this.deep(500, 'object'),
        ]),
      }),
      () =>
        this.rng.chance(0.5)
          ? {
              ...this.validEvent('admin', 'PersonalDataSharedWithProcessor'),
              id: event.id,
              data: { ...VALID_EXAMPLES.PersonalDataSharedWithProcessor.data, transfer: { country: this.badCountry(), safeguard: 'dpf' } },
            }
          : {
              ...this.validEvent('admin', 'RecipientRegistered'),
              id: event.id,
              data: { ...VALID_EXAMPLES.RecipientRegistered.data, country: this.badCountry() },
            },
    ];
    return this.rng.pick(breaks)();
  }

  private manyCategories(): string[] {
    const from = this.rng.int(0, 1_000_000);
    const custom = Array.from({ length: this.rng.int(CUSTOM_CATEGORIES_PER_FACT + 1, 200) }, (_, i) => `custom.fuzz_${from + i}`);
    return this.rng.chance(0.7) ? custom : [...custom, ...Array.from({ length: 201 }, (_, i) => `custom.more_${i}`)].slice(0, this.rng.int(201, 400));
  }

  private badCountry(): unknown {
    return this.rng.pick<unknown>(['XX', 'nl', 'NLD', '', 'N1', 'EU', 42, null, 'Netherlands', 'NL ']);
  }

  private json(method: string, path: string, body: unknown): RawRequest {
    return { method, path, headers: [JSON_TYPE], body: toJson(body) };
  }

  /** Bodies over the limit are declared, not sent: the server refuses them on the header alone. */
  private sized(request: RawRequest): RawRequest {
    const length = Buffer.byteLength(request.body ?? '');
    if (length <= this.targets.bodyLimit) return request;
    return { ...request, body: undefined, headers: [...(request.headers ?? []), ['Content-Length', String(length)]] };
  }

  // ---- kinds of hostile request ----

  private brokenEvent(): HostileRequest {
    const caller = this.rng.pick(WRITERS);
    let event = this.validEvent(caller);
    for (let n = this.rng.int(0, 2); n > 0; n--) event = this.addNoise(event);
    for (let n = this.rng.int(1, 2); n > 0; n--) event = this.breakEvent(event);
    return { kind: 'event', caller, request: this.sized(this.json('POST', '/v1/events', event)) };
  }

  private brokenBatch(): HostileRequest {
    const caller = this.rng.pick(WRITERS);
    const size = this.rng.pick([1, 2, 5, 20, 50, 200]);
    const events: unknown[] = Array.from({ length: size }, () =>
      this.validEvent(caller, this.rng.pick(caller === 'emitter' ? SUBJECT_TYPES : EMITTABLE_EVENT_TYPES)),
    );
    let body: unknown;
    switch (this.rng.int(0, 5)) {
      case 0:
      case 1: {
        // Valid items and one or more broken ones: the whole batch must be refused.
        for (let n = this.rng.int(1, 3); n > 0; n--) {
          const at = this.rng.int(0, events.length - 1);
          events[at] = this.breakEvent(this.addNoise(events[at] as Json));
        }
        body = { events };
        break;
      }
      case 2:
        // Every item valid, but one id twice.
        events.push({ ...(events[0] as Json) });
        body = { events };
        break;
      case 3: {
        // Over the 1000-event maximum, in small or realistic items (one item repeated: the count alone is refused).
        const item = this.rng.chance(0.5) ? {} : this.validEvent(caller);
        body = { events: Array.from({ length: this.rng.int(1_001, 3_000) }, () => item) };
        break;
      }
      case 4:
        body = this.rng.pick<unknown>([
          { events: [] },
          { events: {} },
          { events: 'x' },
          { events: null },
          {},
          [],
          events,
          { events, extra: 1 },
          withKey({ events }, '__proto__', { x: 1 }),
        ]);
        break;
      default:
        body = { events: [events[0], this.rng.pick<unknown>(['not an event', 42, null, [], this.deep(3_000, 'array')])] };
    }
    return { kind: 'batch', caller, request: this.sized(this.json('POST', '/v1/events/batch', body)) };
  }

  private brokenJson(): HostileRequest {
    const caller = this.rng.pick(WRITERS);
    const path = this.rng.pick(['/v1/events', '/v1/events/batch', '/v1/admin/keys']);
    const text = toJson(this.validEvent(caller));
    const cut = this.rng.int(1, text.length - 1);
    const body: string | Buffer = this.rng.pick<() => string | Buffer>([
      () => text.slice(0, cut),
      () => `${text}${this.rng.pick(['x', '}', ',', ']', '{}', ' null'])}`,
      () => text.replace(/"/g, "'"),
      () => text.replace('{', '{/* comment */'),
      () => text.replace(/}$/, ',}'),
      () => text.replace(/"id":"[^"]*"/, '"id":NaN'),
      () => text.replace(/"id"/, 'id'),
      () => `\ufeff${text.slice(0, cut)}`,
      () => Buffer.concat([Buffer.from(text.slice(0, 8)), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from(text.slice(8))]),
      () => '',
      () => this.rng.pick(['null', '[]', '"event"', '0', 'true', '{}', '{"a":1e400}', '{"a":-}']),
      () => '['.repeat(this.rng.int(10_000, 40_000)),
      () => `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      () => `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
      () => `{"constructor":{"prototype":{"polluted":true}},"id":${JSON.stringify(this.rng.uuid())}}`,
      () => `{"__proto__":{"polluted":true}}`,
      () => '{"a":"\\ud800"}',
      () => '{"a":"\\u00"}',
    ])();
    return { kind: 'broken JSON', caller, request: this.sized({ method: 'POST', path, headers: [JSON_TYPE], body }) };
  }

  private wrongContentType(): HostileRequest {
    const caller = this.rng.pick(WRITERS);
    const event = this.breakEvent(this.validEvent(caller));
    const contentType = this.rng.pick<string | undefined>([
      'text/plain',
      'application/xml',
      'text/html',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'application/jsonx',
      'json',
      '',
      'application/json; charset=utf-16',
      'application/vnd.api+json',
      '*/*',
      'application/json, text/plain',
      `application/${'x'.repeat(2_000)}`,
      undefined,
    ]);
    const body = contentType?.startsWith('application/x-www-form') ? `id=${this.rng.uuid()}&type=ConsentGiven` : toJson(event);
    return {
      kind: 'content type',
      caller,
      request: {
        method: 'POST',
        path: this.rng.pick(['/v1/events', '/v1/events/batch']),
        headers: contentType === undefined ? [] : [['Content-Type', contentType]],
        body,
      },
    };
  }

  private headerAbuse(): HostileRequest {
    const caller = this.rng.pick(ALL_CALLERS);
    const invalid = toJson(this.breakEvent(this.validEvent(caller)));
    const post = (headers: [string, string][], body: string | Buffer = invalid): RawRequest => ({
      method: 'POST',
      path: '/v1/events',
      headers: [JSON_TYPE, ...headers],
      body,
    });
    const make = this.rng.pick<() => RawRequest | Buffer>([
      () =>
        post([
          [
            'Authorization',
            this.rng.pick([
              '',
              'Bearer',
              'Bearer ',
              'Basic YWRtaW46YWRtaW4=',
              `Bearer ${'A'.repeat(10_000)}`,
              `Bearer plk_${this.rng.string(43)}`,
              'Token x',
              'Bearer a b',
              `Bearer ${this.oddString().replace(/[\u0000-\u001f\u007f-\uffff]/g, '?')}`,
            ]),
          ],
        ]),
      () => post([['Authorization', 'Bearer \u0001']]),
      () =>
        post([
          ['X-Forwarded-For', '127.0.0.1'],
          ['X-Real-IP', '10.0.0.1'],
          ['X-Forwarded-Host', 'evil.example'],
          ['X-Api-Key', 'plk_x'],
        ]),
      () =>
        post(
          [
            ['Content-Length', '2'],
            ['Transfer-Encoding', 'chunked'],
          ],
          '0\r\n\r\n',
        ),
      () =>
        post(
          [
            ['Content-Length', '2'],
            ['Content-Length', '3'],
          ],
          '{}',
        ),
      () => post([['Content-Length', this.rng.pick(['-1', 'abc', '1e3', '0x10', ' '])]], '{}'),
      () => post([['Transfer-Encoding', this.rng.pick(['gzip', 'chunked, gzip', 'identity', 'x'])]], '{}'),
      () => post([['Transfer-Encoding', 'chunked']], `${this.rng.pick(['zz', '-1', '2;\u0000'])}\r\n{}\r\n0\r\n\r\n`),
      () => post([['Transfer-Encoding', 'chunked']], `${Buffer.byteLength(invalid).toString(16)}\r\n${invalid}\r\n0\r\n\r\n`),
      () => post([['Content-Length', '1']], '{}'),
      () => post([['Expect', this.rng.pick(['teapot', '100-continue', '', '200-ok'])]]),
      () => post([['X-Big', 'a'.repeat(this.rng.int(17_000, 40_000))]]),
      () => post(Array.from({ length: this.rng.int(200, 400) }, (_, i): [string, string] => [`X-H${i}`, 'v'.repeat(100)])),
      () => post([['Content-Encoding', this.rng.pick(['gzip', 'br', 'deflate', 'x'])]]),
      () => ({ method: 'POST', path: '/v1/events', headers: [JSON_TYPE, ['Host', 'x'.repeat(5_000)]], body: invalid }),
      () => ({ method: 'POST', path: '/v1/events', headers: [JSON_TYPE, ['Host', 'a'], ['Host', 'b']], body: invalid }),
      () =>
        Buffer.from(
          `POST /v1/events HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(invalid)}\r\nConnection: close\r\n\r\n${invalid}`,
        ),
      () => Buffer.from('GET /v1/nothing HTTP/1.1\r\nHost: x\r\nX Bad: 1\r\nConnection: close\r\n\r\n'),
      () => Buffer.from('GET /v1/nothing HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\nConnection: close\r\n\r\n'),
      () => Buffer.from('GET /v1/nothing HTTP/1.1\nHost: x\nConnection: close\n\n'),
      () => Buffer.from(`GET /v1/nothing HTTP/${this.rng.pick(['1.2', '9.9', '2.0', '1.0', 'x'])}\r\nHost: x\r\nConnection: close\r\n\r\n`),
      () =>
        Buffer.from(`${this.rng.pick(['G@T', 'GET\u0000', 'get', 'FOO', 'PROPFIND', 'TRACE'])} /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      () => Buffer.from(`GET /v1/events${this.rng.pick([' ', '\u0000', '\t', '\u00ff'])}x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'),
    ]);
    return { kind: 'headers', caller, request: make() };
  }

  private hostileRead(): HostileRequest {
    const caller = this.rng.pick(ALL_CALLERS);
    const purpose: [string, string][] = this.rng.pick<[string, string][]>([
      [['X-Purpose', 'fuzzing']],
      [['X-Purpose', 'fuzzing']],
      [],
      [['X-Purpose', '']],
      [['X-Purpose', 'x'.repeat(this.rng.int(201, 10_000))]],
      [['X-Purpose', 'tab\there']],
      [
        ['X-Purpose', 'a'],
        ['X-Purpose', 'b'],
      ],
    ]);
    const badQuery = () =>
      this.rng.pick([
        'limit=abc',
        'limit=-1',
        'limit=0',
        'limit=1001',
        'limit=1e309',
        'limit=99999999999999999999',
        'limit=1.5',
        'limit=',
        'after=-1',
        'after=NaN',
        'limit=1&limit=2',
        'sort=x',
        '__proto__[polluted]=1',
        'constructor[prototype][polluted]=1',
        'limit[]=1',
        `${'a'.repeat(3_000)}=1`,
        `limit=${'9'.repeat(400)}`,
      ]);
    if (this.rng.chance(0.6)) {
      const known = this.rng.chance(0.3);
      const subject = known
        ? this.targets.knownSubjectId
        : this.rng.pick([
            this.rng.uuid(),
            'not-a-uuid',
            '%00',
            '%zz',
            '..%2F..%2Fetc%2Fpasswd',
            'a'.repeat(this.rng.int(101, 3_000)),
            '%F0%9F%99%82',
            this.rng.uuid().toUpperCase(),
          ]);
      // A subject that exists is read only with a query that must fail.
      const query = known || this.rng.chance(0.5) ? `?${badQuery()}` : '';
      return {
        kind: 'read',
        caller,
        request: { method: this.rng.pick(['GET', 'GET', 'HEAD']), path: `/v1/subjects/${subject}/events${query}`, headers: purpose },
      };
    }
    const filters = [
      this.rng.pick([
        'subjectId=x',
        'keyId=ZZ',
        'keyId=admin',
        'from=2025-02-30T00:00:00Z',
        'to=now',
        'from=2025-01-01',
        'limit=0',
        'after=-1',
        'unknown=1',
        `subjectId=${'a'.repeat(5_000)}`,
      ]),
      ...(this.rng.chance(0.5) ? [`subjectId=${this.rng.uuid()}`] : []),
    ];
    return { kind: 'audit query', caller, request: { method: 'GET', path: `/v1/audit/access?${filters.join('&')}`, headers: purpose } };
  }

  private keyAdminAbuse(): HostileRequest {
    const caller = this.rng.pick(ALL_CALLERS);
    if (this.rng.chance(0.25)) {
      const id = this.rng.pick([
        '',
        'x',
        'zzzzzzzzzzzzzzzz',
        '0123456789abcdeg',
        'a'.repeat(90),
        '%00',
        '..%2F..',
        '0123456789ABCDEF',
        '; DROP TABLE api_keys',
      ]);
      return { kind: 'key revoke', caller, request: { method: 'DELETE', path: `/v1/admin/keys/${encodeURI(id)}${id === '' ? 'x' : ''}` } };
    }
    if (caller !== 'admin' && this.rng.chance(0.2)) {
      // Reading the keys is harmless for an admin, so only others try.
      return { kind: 'key list', caller, request: { method: 'GET', path: '/v1/admin/keys' } };
    }
    const body = this.rng.pick<() => unknown>([
      () => ({ name: 'fuzz', role: this.rng.pick<unknown>(['root', 'ADMIN', '', null, ['admin'], 'admin ', 'superuser', 42, '__proto__']) }),
      () => ({ name: this.rng.pick<unknown>(['', 'x'.repeat(101), 'a\u0000b', 42, null, [], {}]), role: this.rng.pick(['dpo', 'admin', 'regulator']) }),
      () => ({
        name: 'fuzz',
        role: 'emitter',
        systems: this.rng.pick<unknown>([
          [],
          'crm',
          [1],
          ['a', 'a'],
          ['x'.repeat(201)],
          Array.from({ length: 101 }, (_, i) => `s${i}`),
          [''],
          ['a\nb'],
          null,
          this.deep(2_000, 'array'),
        ]),
      }),
      () => ({ name: 'fuzz', role: this.rng.pick(['dpo', 'admin', 'regulator']), systems: ['crm'] }),
      () => withKey({ name: 'fuzz', role: 'dpo' }, this.rng.pick(['__proto__', 'isAdmin', 'key', 'id', 'secret', 'createdAt']), 'x'),
      () => this.rng.pick<unknown>([null, [], 'admin', 42, {}, [{ name: 'fuzz', role: 'admin' }]]),
    ])();
    return { kind: 'key create', caller, request: this.json('POST', '/v1/admin/keys', body) };
  }

  private routeAbuse(): HostileRequest {
    const caller = this.rng.pick<Caller>(['dpo', 'regulator', 'emitter', 'anonymous', 'forged']);
    const method = this.rng.pick(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'POST', 'HEAD']);
    const path = this.rng.pick([
      '/v1/events/../admin/keys',
      '/%2e%2e/%2e%2e/etc/passwd',
      '//v1//events',
      '/v1/events/',
      '/V1/EVENTS',
      `/v1/events?${'a'.repeat(8_000)}`,
      `/${'a'.repeat(this.rng.int(1_000, 12_000))}`,
      '/v1/events%00',
      '/v1/admin/keys;x=1',
      '/v1/admin/%6beys',
      'http://evil.example/v1/admin/keys',
      '*',
      '/v1/nothing',
      '/v2/events',
      '/v1/subjects',
      '/.env',
      '/docs/../../package.json',
    ]);
    // Only callers whose answer on these paths cannot be a success: never admin, and never a
    // method and path that resolve to a route the caller may use.
    const request: RawRequest = {
      method,
      path,
      headers: [JSON_TYPE, ['X-Purpose', 'fuzzing']],
      body: method === 'GET' || method === 'HEAD' ? undefined : '{"id":',
    };
    return { kind: 'route', caller, request };
  }

  // ---- look-alike and invisible characters in subject names (issue 19, point 5) ----

  /** A subject name part the ledger must refuse: invisible, reordering or surrounding characters, or letters that pass for ASCII. */
  private refusedNamePart(base: string): string {
    for (;;) {
      const at = this.rng.int(0, base.length);
      const insert = (chars: string) => base.slice(0, at) + chars + base.slice(at);
      const candidate = this.rng.pick<() => string>([
        () => insert(this.rng.pick(LOOK_ALIKE_INVISIBLES)),
        () => insert(this.rng.pick(LOOK_ALIKE_INVISIBLES).repeat(this.rng.int(2, 50))),
        () => (this.rng.chance(0.5) ? `${this.rng.pick(SURROUNDING_SPACES)}${base}` : `${base}${this.rng.pick(SURROUNDING_SPACES)}`),
        () => base.replace(/[A-Za-z]/, (c) => LOOK_ALIKE_LETTERS[c.toUpperCase()] ?? c),
        () => [...base].map((c) => LOOK_ALIKE_LETTERS[c.toUpperCase()] ?? c).join(''),
        () => insert(this.rng.pick(['\ud800', '\udfff', '\ue000', '\u0378', '\u{10ffff}'])),
      ])();
      // Only what the domain refuses: an accepted spelling would be recorded (or, as a lookup, audited as a miss).
      if (normalNamePart(candidate).problem !== undefined) return candidate;
    }
  }

  /** Facts, batches and lookups that name a subject with a refused spelling, from every caller. */
  private lookAlikeIds(): HostileRequest {
    const base = `${this.rng.pick(['C', 'K', 'A', 'P', 'E'])}-${this.rng.string(4, '0123456789')}`;
    const part = this.rng.chance(0.8) ? 'externalId' : 'system';
    const refusedName = () => ({
      system: this.targets.emitterSystem,
      externalId: base,
      [part]: this.refusedNamePart(part === 'system' ? this.targets.emitterSystem : base),
    });
    const name = refusedName();
    switch (this.rng.int(0, 2)) {
      case 0: {
        const caller = this.rng.pick(WRITERS);
        const event = { ...this.validEvent(caller, this.rng.pick(SUBJECT_TYPES)), subject: name };
        return { kind: 'look-alike id', caller, request: this.json('POST', '/v1/events', event) };
      }
      case 1: {
        const caller = this.rng.pick(WRITERS);
        const events = Array.from({ length: this.rng.int(2, 20) }, () => this.validEvent(caller, this.rng.pick(SUBJECT_TYPES)));
        events[this.rng.int(0, events.length - 1)].subject = name;
        return { kind: 'look-alike id batch', caller, request: this.json('POST', '/v1/events/batch', { events }) };
      }
      default: {
        const caller = this.rng.pick(ALL_CALLERS);
        // A URL cannot carry an unpaired surrogate (it would arrive as U+FFFD, an accepted character).
        let looked = name;
        while (/\p{Cs}/u.test(looked.system + looked.externalId)) looked = refusedName();
        const query = `system=${encodeURIComponent(looked.system)}&externalId=${encodeURIComponent(looked.externalId)}`;
        return { kind: 'look-alike lookup', caller, request: { method: 'GET', path: `/v1/subjects?${query}`, headers: [['X-Purpose', 'fuzzing']] } };
      }
    }
  }
}
