import { Inject, Injectable } from '@nestjs/common';
import { hash, timingSafeEqual } from 'node:crypto';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { type ApiKey, ApiKeyStore } from '@ledger/access';

/**
 * Who sent a request: a valid key, the metrics scrape token (LEDGER_METRICS_TOKEN), no
 * credentials, or credentials that are not valid (and why).
 */
export type Credentials = { kind: 'key'; key: ApiKey } | { kind: 'scrape-token' } | { kind: 'none' } | { kind: 'invalid'; reason: string };

interface HasHeaders {
  headers: Record<string, string | string[] | undefined>;
}

/** `Authorization: Bearer <key>`; keys are printable ASCII, and far shorter than this cap. */
const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

/**
 * Resolves the API key of a request once (the rate limiter, the access guard and the audit all
 * ask), by looking up the SHA-256 of the presented secret in the key store (a file, or
 * PostgreSQL shared by every instance). Nothing about the secret is logged. The guards await
 * `authenticate`; what runs after them reads the answer with `keyOf`.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly pending = new WeakMap<object, Promise<Credentials>>();
  private readonly resolved = new WeakMap<object, Credentials>();
  private readonly scrapeTokenHash?: Buffer;

  constructor(
    @Inject(ApiKeyStore) private readonly keys: ApiKeyStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.scrapeTokenHash = config.metricsToken === undefined ? undefined : hash('sha256', config.metricsToken, 'buffer');
  }

  /**
   * The request's credentials, looked up once per request. Rejects when the key store cannot be
   * read (the database is down): the request is then answered 503, never let through.
   */
  authenticate(request: HasHeaders): Promise<Credentials> {
    let credentials = this.pending.get(request);
    if (!credentials) {
      credentials = this.resolve(request.headers.authorization).then((resolved) => {
        this.resolved.set(request, resolved);
        return resolved;
      });
      // A failed lookup is not kept: it is the request's answer, not its credentials.
      credentials.catch(() => this.pending.delete(request));
      this.pending.set(request, credentials);
    }
    return credentials;
  }

  /** The valid key that sent the request, if any, as the guards resolved it (undefined before they ran, and on @Public routes). */
  keyOf(request: HasHeaders): ApiKey | undefined {
    const credentials = this.resolved.get(request);
    return credentials?.kind === 'key' ? credentials.key : undefined;
  }

  private async resolve(header: string | string[] | undefined): Promise<Credentials> {
    if (header === undefined || header === '') return { kind: 'none' };
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) return { kind: 'invalid', reason: 'the Authorization header must be "Bearer <api key>"' };
    // Compared as hashes, in constant time: the token is a secret like a key.
    if (this.scrapeTokenHash && timingSafeEqual(hash('sha256', match[1], 'buffer'), this.scrapeTokenHash)) return { kind: 'scrape-token' };
    const key = await this.keys.authenticate(match[1]);
    return key ? { kind: 'key', key } : { kind: 'invalid', reason: 'this API key is not valid (unknown or revoked)' };
  }
}
