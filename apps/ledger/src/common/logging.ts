import type { Params } from 'nestjs-pino';
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import type { IncomingMessage } from 'node:http';
import { PRIVATE_FILE_MODE, ensurePrivateFile } from '@ledger/event-store';
import type { LedgerConfig } from '@ledger/config';

/** Query strings can carry an external id (GET /v1/subjects?externalId=…): log their keys only. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=[redacted]`);
  return `${url.slice(0, q)}?${keys.join('&')}`;
}

/**
 * Logs through pino: readable lines on a terminal, JSON elsewhere (and always in the log file).
 * Nothing personal is logged: no bodies, no query values, no credentials; the redact list
 * catches the headers that carry them.
 */
export function loggingParams(config: LedgerConfig, terminal = process.stdout.isTTY === true): Params {
  const stdout = terminal ? pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : pino.destination({ fd: 1, sync: false });
  const streams: pino.StreamEntry[] = [{ stream: stdout }];
  if (config.logFile) {
    // Owner only, like the data files: a log names keys, routes and subjects' ids.
    ensurePrivateFile(config.logFile);
    streams.push({ stream: pino.destination({ dest: config.logFile, mode: PRIVATE_FILE_MODE, sync: false }) });
  }
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.query', 'req.body', 'res.headers["set-cookie"]'],
          censor: '[redacted]',
        },
        serializers: {
          req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      },
      pino.multistream(streams),
    ],
  };
}
