import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BadRequestException, HttpException } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toErrorBody } from './error-body';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/**
 * Errors Fastify's router raises before any route runs (a URL with broken percent-encoding),
 * answered in the API's one error format instead of Fastify's, which names internal codes.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(toErrorBody(new HttpException(status === 400 ? 'the request URL is not valid' : 'the request is not valid', status)));
}

/** Server options against hostile input; the Host check moves to hardenHttp, which answers in JSON. */
export const hardenedServerOptions = {
  frameworkErrors,
  http: { requireHostHeader: false },
};

/**
 * What Fastify and Node leave open to hostile input:
 * - the API speaks JSON only: other bodies get 415 rather than reaching a handler as a string;
 * - JSON nests at most MAX_JSON_DEPTH levels (the ValidationPipe would overflow the stack);
 * - an HTTP/1.1 request without Host, and an unsupported `Expect`, get the JSON error format
 *   where Node would answer with an empty body of its own;
 * - answers are not to be cached anywhere, since many carry personal data;
 * - a client that closes its side once it has sent the request still gets the answer: Node
 *   would otherwise drop a request whose answer takes more than one turn of the event loop
 *   (a large batch is validated in slices, so that it does not hold up everyone else).
 */
export function hardenHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Node's own switch for this (http.Server, not in its typings); the fuzz test's raw client relies on it.
  (fastify.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  fastify.server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(toErrorBody(new HttpException('only "Expect: 100-continue" is supported', 417)));
    response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' }).end(body);
  });
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new BadRequestException('an HTTP/1.1 request needs a Host header');
    }
  });
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return done(new BadRequestException(`the body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      done(null, value);
    }),
  );
  fastify.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
}
