import { toApiError } from './api-error';

export interface RequestOptions {
  /** Why a subject's records are read (X-Purpose); required by the ledger on those reads. */
  purpose?: string;
  body?: unknown;
  accept?: string;
  signal?: AbortSignal;
}

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

/** `/v1/x` with the defined query values, lists comma-separated. */
export function pathWithQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(name, value.join(','));
    } else params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * Talks to the ledger's API on the console's own origin with the signed-in key. The key goes
 * in the Authorization header only, never in a URL. The language goes as Accept-Language, for
 * the outputs the ledger can give in Dutch or English.
 */
export class LedgerClient {
  /** The furthest log position this session wrote: reads ask for read models that include it. */
  private writtenPosition = 0;

  constructor(
    private readonly key: string,
    private readonly language: () => string,
    private readonly onUnauthorized: () => void,
  ) {}

  get minPosition(): number | undefined {
    return this.writtenPosition || undefined;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, { accept: 'application/json', ...options });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const position = (body as { position?: unknown } | undefined)?.position;
    if (method === 'POST' && typeof position === 'number') this.writtenPosition = Math.max(this.writtenPosition, position);
    return body as T;
  }

  /** A document (PDF, HTML, CSV, JSON) as bytes, with the file name the ledger suggests. */
  async file(path: string, accept: string, options: RequestOptions = {}): Promise<{ blob: Blob; fileName?: string; contentType: string }> {
    const response = await this.send('GET', path, { ...options, accept });
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1];
    return { blob: await response.blob(), fileName, contentType: response.headers.get('content-type') ?? '' };
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.key}`,
      'accept-language': this.language(),
    };
    if (options.accept) headers.accept = options.accept;
    if (options.purpose) headers['x-purpose'] = options.purpose;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    if (!response.ok) {
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (response.status === 401) this.onUnauthorized();
      throw toApiError(response.status, body);
    }
    return response;
  }
}
