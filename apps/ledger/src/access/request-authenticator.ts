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
 * ask), by looking up the SHA-256 of the presented secret. Nothing about the secret is logged.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly resolved = new WeakMap<object, Credentials>();
  private readonly scrapeTokenHash?: Buffer;

  constructor(
    @Inject(ApiKeyStore) private readonly keys: ApiKeyStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.scrapeTokenHash = config.metricsToken === undefined ? undefined : hash('sha256', config.metricsToken, 'buffer');
  }

  credentialsOf(request: HasHeaders): Credentials {
    let credentials = this.resolved.get(request);
    if (!credentials) {
      credentials = this.resolve(request.headers.authorization);
      this.resolved.set(request, credentials);
    }
    return credentials;
  }

  /** The valid key that sent the request, if any. */
  keyOf(request: HasHeaders): ApiKey | undefined {
    const credentials = this.credentialsOf(request);
    return credentials.kind === 'key' ? credentials.key : undefined;
  }

  private resolve(header: string | string[] | undefined): Credentials {
    if (header === undefined || header === '') return { kind: 'none' };
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) return { kind: 'invalid', reason: 'the Authorization header must be "Bearer <api key>"' };
    // Compared as hashes, in constant time: the token is a secret like a key.
    if (this.scrapeTokenHash && timingSafeEqual(hash('sha256', match[1], 'buffer'), this.scrapeTokenHash)) return { kind: 'scrape-token' };
    const key = this.keys.authenticate(match[1]);
    return key ? { kind: 'key', key } : { kind: 'invalid', reason: 'this API key is not valid (unknown or revoked)' };
  }
}
