// The decorators below read type metadata: loaded here, so whoever imports the configuration first (the CLI, a test) has it.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync, Matches } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { isValidInstant } from '@ledger/domain';
import { resolve } from 'node:path';

/** The environment the ledger reads (DESIGN.md, Configuration). */
export class LedgerEnvironment {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString()
  LEDGER_DATA_DIR = './data';

  @IsOptional() @IsIn(['sqlite', 'eventstoredb', 'postgres'])
  LEDGER_EVENT_STORE: EventStoreKind = 'sqlite';

  @IsOptional() @IsString()
  EVENTSTORE_CONNECTION_STRING?: string;

  /** The PostgreSQL database (node-postgres connection string); the value is never echoed, it may hold a password. */
  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'LEDGER_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  LEDGER_DATABASE_URL?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  LEDGER_DATABASE_POOL_SIZE = 10;

  @IsOptional() @IsString()
  LEDGER_MASTER_KEY?: string;

  @IsOptional() @IsString() @Matches(/^\S{32,}$/, { message: 'LEDGER_BOOTSTRAP_ADMIN_KEY must be at least 32 characters' })
  LEDGER_BOOTSTRAP_ADMIN_KEY?: string;

  @IsOptional() @IsString()
  LEDGER_NOW?: string;

  @IsOptional() @IsString() @Matches(/^([a-z][a-z0-9_]*\.)+$|^$/, { message: 'LEDGER_CUSTOM_CATEGORY_PREFIX must look like "custom."' })
  LEDGER_CUSTOM_CATEGORY_PREFIX = 'custom.';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LEDGER_LOG_LEVEL = 'info';

  /** Also write the log to this file (JSON lines), e.g. inside the data directory. */
  @IsOptional() @IsString()
  LEDGER_LOG_FILE?: string;

  /** Months after all of a subject's services ended before the account must be deleted (HostingHuis: two years). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1200)
  LEDGER_ACCOUNT_RETENTION_MONTHS = 24;

  /** Start erasure of accounts whose retention period has passed (the ledger's own retention policy). */
  @IsOptional() @IsIn(['true', 'false'])
  LEDGER_AUTO_ERASURE: 'true' | 'false' = 'false';

  /** How often the retention sweep runs. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LEDGER_SWEEP_INTERVAL_SECONDS = 3600;

  /**
   * Where the embedded store's read models fold: the thread that serves HTTP (default: a read
   * right after a write finds it folded), or a worker thread (ingest keeps its core; a read
   * without ?minPosition= may not show a write just acknowledged).
   */
  @IsOptional() @IsIn(['worker', 'main'])
  LEDGER_READ_SIDE_THREAD: 'worker' | 'main' = 'main';

  /** JSON file with the controller's profile: name, address, DPO, supervisory authority. */
  @IsOptional() @IsString()
  LEDGER_CONTROLLER_PROFILE?: string;

  /** Largest request body, in bytes: a 1000-event batch with personal data fits comfortably. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024)
  LEDGER_BODY_LIMIT = 8 * 1024 * 1024;

  /** Requests each API key (or, without a valid key, each client address) may make per window. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LEDGER_RATE_LIMIT = 30_000;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  LEDGER_RATE_LIMIT_WINDOW_SECONDS = 60;

  /** A bearer token that lets a scraper (Prometheus) read GET /metrics, and nothing else. */
  @IsOptional() @IsString() @Matches(/^[\x21-\x7e]{32,512}$/, { message: 'LEDGER_METRICS_TOKEN must be 32 to 512 printable ASCII characters, without spaces' })
  LEDGER_METRICS_TOKEN?: string;

  /** The origin line of the log's checkpoints (and their key name); by default derived from the first signing key. */
  @IsOptional() @IsString() @Matches(/^[^\s+]{1,200}$/u, { message: 'LEDGER_CHECKPOINT_ORIGIN must be one word without spaces or "+", e.g. ledger.example.com/privacy' })
  LEDGER_CHECKPOINT_ORIGIN?: string;

  /** Where checkpoints are published on a schedule: a directory, or an http(s) URL they are POSTed to. */
  @IsOptional() @IsString()
  LEDGER_CHECKPOINT_PUBLISH?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LEDGER_CHECKPOINT_INTERVAL_SECONDS = 3600;
}

export type EventStoreKind = 'sqlite' | 'eventstoredb' | 'postgres';

/** Typed configuration, resolved once at start. */
export interface LedgerConfig {
  port: number;
  dataDir: string;
  eventStore: EventStoreKind;
  eventStoreConnectionString?: string;
  /** The PostgreSQL database, when one is configured (LEDGER_DATABASE_URL). */
  database?: { url: string; poolSize: number };
  masterKey?: string;
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
  rateLimit: { limit: number; windowSeconds: number };
  /** Accepted by GET /metrics beside admin keys. */
  metricsToken?: string;

  /** Checkpoints' origin line; undefined: derived from the first signing key. */
  checkpointOrigin?: string;
  /** Where checkpoints are published, if anywhere. */
  checkpointPublish?: CheckpointTarget;
  checkpointIntervalSeconds: number;
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

  const checkpointPublish = parsed.LEDGER_CHECKPOINT_PUBLISH === undefined ? undefined : checkpointTarget(parsed.LEDGER_CHECKPOINT_PUBLISH);
  if (typeof checkpointPublish === 'string') problems.push(`LEDGER_CHECKPOINT_PUBLISH: ${checkpointPublish}`);
  if (problems.length) throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    port: parsed.PORT,
    dataDir: resolve(parsed.LEDGER_DATA_DIR),
    eventStore: parsed.LEDGER_EVENT_STORE,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    database: parsed.LEDGER_DATABASE_URL ? { url: parsed.LEDGER_DATABASE_URL, poolSize: parsed.LEDGER_DATABASE_POOL_SIZE } : undefined,
    masterKey: parsed.LEDGER_MASTER_KEY,
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
    rateLimit: { limit: parsed.LEDGER_RATE_LIMIT, windowSeconds: parsed.LEDGER_RATE_LIMIT_WINDOW_SECONDS },
    metricsToken: parsed.LEDGER_METRICS_TOKEN,

    checkpointOrigin: parsed.LEDGER_CHECKPOINT_ORIGIN,
    checkpointPublish: checkpointPublish as CheckpointTarget | undefined,
    checkpointIntervalSeconds: parsed.LEDGER_CHECKPOINT_INTERVAL_SECONDS,
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
