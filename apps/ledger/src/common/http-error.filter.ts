import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorBody } from './error-body';

/** Every error leaves the API in one JSON shape; unexpected ones are logged without the request body. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(error);
    if (body.statusCode === 503) {
      // An outage answers every request this way: one line each, no stack.
      this.logger.warn(`request answered 503: ${(error as Error)?.message ?? String(error)}`);
      void reply.header('retry-after', '1');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: error }, 'request failed');
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
