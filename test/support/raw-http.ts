import { connect } from 'node:net';

/** A request written byte for byte, so tests can send what fetch refuses to (bad framing, odd headers). */
export interface RawRequest {
  method: string;
  path: string;
  /** Sent as given, in order; Host and Connection: close are added unless given. */
  headers?: [string, string][];
  body?: string | Buffer;
  /** Content-Length is added for a body unless this is false or the headers set framing. */
  contentLength?: boolean;
  httpVersion?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function serialize(request: RawRequest): Buffer {
  const headers = [...(request.headers ?? [])];
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  if (!has('host')) headers.unshift(['Host', '127.0.0.1']);
  if (!has('connection')) headers.push(['Connection', 'close']);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  if (body && request.contentLength !== false && !has('content-length') && !has('transfer-encoding')) {
    headers.push(['Content-Length', String(body.length)]);
  }
  const head = `${request.method} ${request.path} HTTP/${request.httpVersion ?? '1.1'}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** The final response in raw bytes (interim 1xx responses skipped), or undefined when there is none. */
export function parseResponse(raw: Buffer): RawResponse | undefined {
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    if (!status) return undefined;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    rest = rest.subarray(end + 4);
    if (status >= 100 && status < 200) continue;
    const body = headers['transfer-encoding']?.includes('chunked') ? dechunk(rest) : rest;
    return { status, headers, body: body.toString('utf8') };
  }
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Sends one request on its own connection and reads until the server closes it. */
export function sendRaw(port: number, request: RawRequest | Buffer): Promise<RawResponse | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    const done = () => resolve(parseResponse(Buffer.concat(chunks)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', done);
    // A server may answer and close before reading all of a request; what it answered still counts.
    socket.on('error', () => undefined);
    socket.end(Buffer.isBuffer(request) ? request : serialize(request));
  });
}
