import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONSOLE_SECURITY_HEADERS } from './console-security-headers';

/** The built console (`npm run build`): dist/console at the repository root. */
export function defaultConsoleDir(): string {
  // The nearest folder with a package.json above this file, from the sources and from dist/ alike.
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

/** Hashed build output (assets/) never changes under its name; everything else is looked up afresh. */
const ASSET = /^assets\/[A-Za-z0-9._-]+$/;
const TOP_LEVEL_FILE = /^[A-Za-z0-9_-]+\.(svg|ico|png|txt|webmanifest)$/;

/**
 * Serves the DPO console, a single-page app, at /console with its own CSP (see
 * console-security-headers.ts), and redirects / there. Every path under /console that is not
 * one of its files gets index.html, so each screen has a URL that can be bookmarked. The app
 * holds no data: everything it shows comes from the API, with the signed-in key.
 */
export async function serveConsole(app: NestFastifyApplication, root: string = defaultConsoleDir()): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Looked up per request: a ledger started before `npm run build:console` finished serves the console once it is there.
  const built = () => existsSync(join(root, 'index.html'));
  await fastify.register(async (scope) => {
    scope.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply) => {
      for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) void reply.header(name, value);
    });
    await scope.register(fastifyStatic, { root, serve: false, preCompressed: true, index: false, dotfiles: 'deny' });
    scope.get('/', (_request, reply) => reply.redirect('/console/', 302));
    scope.get('/console', (_request, reply) => reply.redirect('/console/', 302));
    scope.get('/console/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
      if (!built()) {
        return reply
          .code(404)
          .header('content-type', 'application/json; charset=utf-8')
          .send({ statusCode: 404, error: 'Not Found', message: 'the console is not built: run `npm run build`' });
      }
      const path = request.params['*'];
      if (ASSET.test(path) || TOP_LEVEL_FILE.test(path)) {
        if (!existsSync(join(root, path))) return reply.callNotFound();
        const cache = path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return reply.header('cache-control', cache).sendFile(path, { cacheControl: false });
      }
      // A screen of the app (or a mistyped one, which the app answers with its own "not found").
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
    });
  });
}
