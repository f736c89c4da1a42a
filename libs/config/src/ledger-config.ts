// The decorators below read type metadata: loaded here, so whoever imports the configuration first (the CLI, a test) has it.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync, Matches } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { isValidInstant } from '@ledger/domain';
import { resolve } from 'node:path';

/** Queue and exchange names the ledger accepts (RabbitMQ allows more; these need no quoting anywhere). */
const AMQP_NAME = /^[\w.:-]{1,200}$/;

/** The environment the ledger reads (DESIGN.md, Configuration). */
export class LedgerEnvironment {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  LEDGER_DATA_DIR = './data';

  @IsOptional()
  @IsIn(['sqlite', 'eventstoredb', 'postgres'])
  LEDGER_EVENT_STORE: EventStoreKind = 'sqlite';

  @IsOptional()
  @IsString()
  EVENTSTORE_CONNECTION_STRING?: string;

  /** The PostgreSQL database (node-postgres connection string); the value is never echoed, it may hold a password. */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'LEDGER_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  LEDGER_DATABASE_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LEDGER_DATABASE_POOL_SIZE = 10;

  /** A query of the server without an answer after this long fails (503) and its connection is dropped: a silent network is not waited for. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  LEDGER_DATABASE_QUERY_TIMEOUT_SECONDS = 30;

  @IsOptional()
  @IsString()
  LEDGER_MASTER_KEY?: string;

  /** The master key a rotation moves to, beside LEDGER_MASTER_KEY (docs/key-vault.md). */
  @IsOptional()
  @IsString()
  LEDGER_MASTER_KEY_NEXT?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\S{32,}$/, { message: 'LEDGER_BOOTSTRAP_ADMIN_KEY must be at least 32 characters' })
  LEDGER_BOOTSTRAP_ADMIN_KEY?: string;

  @IsOptional()
  @IsString()
  LEDGER_NOW?: string;

  @IsOptional()
  @IsString()
  @Matches(/^([a-z][a-z0-9_]*\.)+$|^$/, { message: 'LEDGER_CUSTOM_CATEGORY_PREFIX must look like "custom."' })
  LEDGER_CUSTOM_CATEGORY_PREFIX = 'custom.';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LEDGER_LOG_LEVEL = 'info';

  /** Also write the log to this file (JSON lines), e.g. inside the data directory. */
  @IsOptional()
  @IsString()
  LEDGER_LOG_FILE?: string;

  /** A JSON array of adequacy decisions replacing the built-in table (libs/domain geo/adequacy-decisions.ts). */
  @IsOptional()
  @IsString()
  LEDGER_ADEQUACY_DECISIONS?: string;

  /** A JSON holiday calendar `{ country, holidays: [YYYY-MM-DD…] }` replacing the built-in one of the controller's member state. */
  @IsOptional()
  @IsString()
  LEDGER_HOLIDAYS?: string;

  /** Months after all of a subject's services ended before the account must be deleted (HostingHuis: two years). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1200)
  LEDGER_ACCOUNT_RETENTION_MONTHS = 24;

  /** Start erasure of accounts whose retention period has passed (the ledger's own retention policy). */
  @IsOptional()
  @IsIn(['true', 'false'])
  LEDGER_AUTO_ERASURE: 'true' | 'false' = 'false';

  /** How often the retention sweep runs. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LEDGER_SWEEP_INTERVAL_SECONDS = 3600;

  /**
   * Where the embedded store's read models fold: the thread that serves HTTP (default: a read
   * right after a write finds it folded), or a worker thread (ingest keeps its core; a read
   * without ?minPosition= may not show a write just acknowledged).
   */
  @IsOptional()
  @IsIn(['worker', 'main'])
  LEDGER_READ_SIDE_THREAD: 'worker' | 'main' = 'main';

  /** JSON file with the controller's profile: name, address, DPO, supervisory authority. */
  @IsOptional()
  @IsString()
  LEDGER_CONTROLLER_PROFILE?: string;

  /** Largest request body, in bytes: a 1000-event batch with personal data fits comfortably. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  LEDGER_BODY_LIMIT = 8 * 1024 * 1024;

  /** Requests each API key (or, without a valid key, each client address) may make per window. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LEDGER_RATE_LIMIT = 30_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LEDGER_RATE_LIMIT_WINDOW_SECONDS = 60;

  /** A bearer token that lets a scraper (Prometheus) read GET /metrics, and nothing else. */
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{32,512}$/, { message: 'LEDGER_METRICS_TOKEN must be 32 to 512 printable ASCII characters, without spaces' })
  LEDGER_METRICS_TOKEN?: string;

  /** The origin line of the log's checkpoints (and their key name); by default derived from the first signing key. */
  @IsOptional()
  @IsString()
  @Matches(/^[^\s+]{1,200}$/u, { message: 'LEDGER_CHECKPOINT_ORIGIN must be one word without spaces or "+", e.g. ledger.example.com/privacy' })
  LEDGER_CHECKPOINT_ORIGIN?: string;

  /** Where checkpoints are published on a schedule: a directory, or an http(s) URL they are POSTed to. */
  @IsOptional()
  @IsString()
  LEDGER_CHECKPOINT_PUBLISH?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LEDGER_CHECKPOINT_INTERVAL_SECONDS = 3600;

  /** RabbitMQ (amqp:// or amqps://): facts are consumed from a queue, notifications published to an exchange. The value is never echoed. */
  @IsOptional()
  @IsString()
  @Matches(/^amqps?:\/\/\S+$/, { message: 'LEDGER_AMQP_URL must be an amqp:// or amqps:// URL' })
  LEDGER_AMQP_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(AMQP_NAME, { message: 'LEDGER_AMQP_QUEUE must be 1 to 200 letters, digits, ".", "-", "_" or ":"' })
  LEDGER_AMQP_QUEUE = 'privacy-ledger.facts';

  /** Where bad messages go; by default the queue's name with ".dead". */
  @IsOptional()
  @IsString()
  @Matches(AMQP_NAME, { message: 'LEDGER_AMQP_DEAD_LETTER_QUEUE must be 1 to 200 letters, digits, ".", "-", "_" or ":"' })
  LEDGER_AMQP_DEAD_LETTER_QUEUE?: string;

  /** The topic exchange the queue is bound to. */
  @IsOptional()
  @IsString()
  @Matches(AMQP_NAME, { message: 'LEDGER_AMQP_EXCHANGE must be 1 to 200 letters, digits, ".", "-", "_" or ":"' })
  LEDGER_AMQP_EXCHANGE = 'privacy-ledger.facts';

  /** The binding's routing key pattern. */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.*#:-]{1,200}$/, { message: 'LEDGER_AMQP_BINDING must be a topic pattern such as "#" or "crm.*"' })
  LEDGER_AMQP_BINDING = '#';

  /** The systems the queue's messages may write for, comma-separated, like an emitter key's; unset: any system and any fact. */
  @IsOptional()
  @IsString()
  LEDGER_AMQP_SYSTEMS?: string;

  /** Unacknowledged messages the consumer holds at once: the batch it appends together. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LEDGER_AMQP_PREFETCH = 500;

  /** The exchange notifications are published to (topic; routing key `finding.<kind>.<rule>`), when LEDGER_AMQP_URL is set. */
  @IsOptional()
  @IsString()
  @Matches(AMQP_NAME, { message: 'LEDGER_NOTIFY_EXCHANGE must be 1 to 200 letters, digits, ".", "-", "_" or ":"' })
  LEDGER_NOTIFY_EXCHANGE = 'privacy-ledger.notifications';

  /** Webhook URLs notifications are POSTed to, comma-separated. */
  @IsOptional()
  @IsString()
  LEDGER_NOTIFY_WEBHOOKS?: string;

  /** The HMAC-SHA256 key of the webhooks' signature header; required with LEDGER_NOTIFY_WEBHOOKS. Never echoed. */
  @IsOptional()
  @IsString()
  @Matches(/^\S{32,}$/, { message: 'LEDGER_NOTIFY_SECRET must be at least 32 characters without spaces' })
  LEDGER_NOTIFY_SECRET?: string;

  /** "Due soon" this many hours before a breach's 72-hour deadline. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(72)
  LEDGER_NOTIFY_BREACH_LEAD_HOURS = 24;

  /** "Due soon" this many days before a request's due date. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  LEDGER_NOTIFY_REQUEST_LEAD_DAYS = 7;

  /** How often findings are looked at for what time alone changes (visible, due soon). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LEDGER_NOTIFY_SCAN_SECONDS = 60;
}

export type EventStoreKind = 'sqlite' | 'eventstoredb' | 'postgres';

/** Typed configuration, resolved once at start. */
export interface LedgerConfig {
  port: number;
  dataDir: string;
  eventStore: EventStoreKind;
  eventStoreConnectionString?: string;
  /** The PostgreSQL database, when one is configured (LEDGER_DATABASE_URL). */
  database?: { url: string; poolSize: number; queryTimeoutSeconds: number };
  masterKey?: string;
  /** LEDGER_MASTER_KEY_NEXT: the key a rotation of LEDGER_MASTER_KEY moves to. */
  masterKeyNext?: string;
  bootstrapAdminKey?: string;
  /** A frozen clock for tests and demos. */
  now?: Date;
  customCategoryPrefix: string;
  logLevel: string;
  logFile?: string;
  bodyLimit: number;
  accountRetentionMonths: number;
  autoErasure: boolean;
  sweepIntervalSeconds: number;
  /** Where the embedded store's read models fold (LEDGER_READ_SIDE_THREAD); other stores always fold in the main thread. */
  readSideThread: 'worker' | 'main';
  controllerProfile?: string;
  /** Operator files for the rules' data (compliance-rules.ts). */
  adequacyDecisionsFile?: string;
  holidaysFile?: string;
  rateLimit: { limit: number; windowSeconds: number };
  /** Accepted by GET /metrics beside admin keys. */
  metricsToken?: string;

  /** Checkpoints' origin line; undefined: derived from the first signing key. */
  checkpointOrigin?: string;
  /** Where checkpoints are published, if anywhere. */
  checkpointPublish?: CheckpointTarget;
  checkpointIntervalSeconds: number;

  /** RabbitMQ ingestion, when LEDGER_AMQP_URL is set. */
  broker?: BrokerConfig;
  notifications: NotificationsConfig;
}

export interface BrokerConfig {
  url: string;
  queue: string;
  deadLetterQueue: string;
  exchange: string;
  binding: string;
  /** Undefined: any system and any fact (like a dpo key); else emitter rules for these systems. */
  systems?: readonly string[];
  prefetch: number;
}

export interface NotificationsConfig {
  webhooks: readonly string[];
  secret?: string;
  /** Published there when a broker is configured. */
  exchange: string;
  breachLeadHours: number;
  requestLeadDays: number;
  scanSeconds: number;
}

/** A place checkpoints are written to (witnessing): a directory, or an HTTP endpoint. */
export type CheckpointTarget = { readonly kind: 'directory'; readonly path: string } | { readonly kind: 'http'; readonly url: string };

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

/** Validates the environment; a bad value stops the start with a message that names it. */
export function loadLedgerConfig(env: Record<string, string | undefined>): LedgerConfig {
  const parsed = plainToInstance(LedgerEnvironment, stripEmpty(env), { enableImplicitConversion: false });
  const errors = validateSync(parsed, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (parsed.LEDGER_NOW !== undefined && !isValidInstant(parsed.LEDGER_NOW)) {
    problems.push('LEDGER_NOW: must be an ISO 8601 date-time with offset, e.g. 2026-11-24T12:00:00Z');
  }
  if (parsed.LEDGER_EVENT_STORE === 'eventstoredb' && !parsed.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENTSTORE_CONNECTION_STRING: required when LEDGER_EVENT_STORE=eventstoredb');
  }
  if (parsed.LEDGER_EVENT_STORE === 'postgres' && !parsed.LEDGER_DATABASE_URL) {
    problems.push('LEDGER_DATABASE_URL: required when LEDGER_EVENT_STORE=postgres (e.g. postgres://ledger@db.internal:5432/ledger)');
  }

  if (parsed.LEDGER_MASTER_KEY_NEXT !== undefined && parsed.LEDGER_MASTER_KEY === undefined) {
    problems.push('LEDGER_MASTER_KEY_NEXT: only with LEDGER_MASTER_KEY (a master key in master.key rotates through master.key.next)');
  }
  const checkpointPublish = parsed.LEDGER_CHECKPOINT_PUBLISH === undefined ? undefined : checkpointTarget(parsed.LEDGER_CHECKPOINT_PUBLISH);
  if (typeof checkpointPublish === 'string') problems.push(`LEDGER_CHECKPOINT_PUBLISH: ${checkpointPublish}`);
  const webhooks = (parsed.LEDGER_NOTIFY_WEBHOOKS ?? '')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  for (const w of webhooks)
    if (!/^https?:\/\/\S+$/.test(w) || !URL.canParse(w)) problems.push(`LEDGER_NOTIFY_WEBHOOKS: ${w.slice(0, 80)} is not an http(s) URL`);
  if (webhooks.length && !parsed.LEDGER_NOTIFY_SECRET)
    problems.push('LEDGER_NOTIFY_SECRET: required with LEDGER_NOTIFY_WEBHOOKS (the key of their signatures)');
  const systems = parsed.LEDGER_AMQP_SYSTEMS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parsed.LEDGER_AMQP_SYSTEMS !== undefined && !systems?.length) problems.push('LEDGER_AMQP_SYSTEMS: name at least one system, or leave it unset');
  if (problems.length) throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    port: parsed.PORT,
    dataDir: resolve(parsed.LEDGER_DATA_DIR),
    eventStore: parsed.LEDGER_EVENT_STORE,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    database: parsed.LEDGER_DATABASE_URL
      ? { url: parsed.LEDGER_DATABASE_URL, poolSize: parsed.LEDGER_DATABASE_POOL_SIZE, queryTimeoutSeconds: parsed.LEDGER_DATABASE_QUERY_TIMEOUT_SECONDS }
      : undefined,
    masterKey: parsed.LEDGER_MASTER_KEY,
    masterKeyNext: parsed.LEDGER_MASTER_KEY_NEXT,
    bootstrapAdminKey: parsed.LEDGER_BOOTSTRAP_ADMIN_KEY,
    now: parsed.LEDGER_NOW ? new Date(parsed.LEDGER_NOW) : undefined,
    customCategoryPrefix: parsed.LEDGER_CUSTOM_CATEGORY_PREFIX,
    logLevel: parsed.LEDGER_LOG_LEVEL,
    logFile: parsed.LEDGER_LOG_FILE,
    bodyLimit: parsed.LEDGER_BODY_LIMIT,
    accountRetentionMonths: parsed.LEDGER_ACCOUNT_RETENTION_MONTHS,
    autoErasure: parsed.LEDGER_AUTO_ERASURE === 'true',
    sweepIntervalSeconds: parsed.LEDGER_SWEEP_INTERVAL_SECONDS,
    readSideThread: parsed.LEDGER_READ_SIDE_THREAD,
    controllerProfile: parsed.LEDGER_CONTROLLER_PROFILE ? resolve(parsed.LEDGER_CONTROLLER_PROFILE) : undefined,
    adequacyDecisionsFile: parsed.LEDGER_ADEQUACY_DECISIONS ? resolve(parsed.LEDGER_ADEQUACY_DECISIONS) : undefined,
    holidaysFile: parsed.LEDGER_HOLIDAYS ? resolve(parsed.LEDGER_HOLIDAYS) : undefined,
    rateLimit: { limit: parsed.LEDGER_RATE_LIMIT, windowSeconds: parsed.LEDGER_RATE_LIMIT_WINDOW_SECONDS },
    metricsToken: parsed.LEDGER_METRICS_TOKEN,

    checkpointOrigin: parsed.LEDGER_CHECKPOINT_ORIGIN,
    checkpointPublish: checkpointPublish as CheckpointTarget | undefined,
    checkpointIntervalSeconds: parsed.LEDGER_CHECKPOINT_INTERVAL_SECONDS,
    broker: parsed.LEDGER_AMQP_URL
      ? {
          url: parsed.LEDGER_AMQP_URL,
          queue: parsed.LEDGER_AMQP_QUEUE,
          deadLetterQueue: parsed.LEDGER_AMQP_DEAD_LETTER_QUEUE ?? `${parsed.LEDGER_AMQP_QUEUE}.dead`,
          exchange: parsed.LEDGER_AMQP_EXCHANGE,
          binding: parsed.LEDGER_AMQP_BINDING,
          ...(systems ? { systems } : {}),
          prefetch: parsed.LEDGER_AMQP_PREFETCH,
        }
      : undefined,
    notifications: {
      webhooks,
      secret: parsed.LEDGER_NOTIFY_SECRET,
      exchange: parsed.LEDGER_NOTIFY_EXCHANGE,
      breachLeadHours: parsed.LEDGER_NOTIFY_BREACH_LEAD_HOURS,
      requestLeadDays: parsed.LEDGER_NOTIFY_REQUEST_LEAD_DAYS,
      scanSeconds: parsed.LEDGER_NOTIFY_SCAN_SECONDS,
    },
  };
}

/** An http(s) URL, or else a directory path; a problem as text. */
function checkpointTarget(value: string): CheckpointTarget | string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { kind: 'directory', path: resolve(value) };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a directory or an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be a directory or an http(s) URL, not ${url.protocol}`;
  return { kind: 'http', url: url.toString() };
}

function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}
