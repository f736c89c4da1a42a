import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The files of swagger-ui-dist that the page @nestjs/swagger serves at /docs loads: its
 * stylesheet, its two scripts and two icons (/docs/swagger-ui-init.js is a route of its own).
 */
export const SWAGGER_UI_ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

/**
 * @nestjs/swagger serves the whole swagger-ui-dist folder under /docs/: package.json, README,
 * source maps, other HTML pages with inline script (oauth2-redirect.html). Only the assets above
 * are served; anything else under it is a 404, as for any unknown path. Must be added before
 * SwaggerModule.setup registers its static route.
 */
export function serveOnlySwaggerUiAssets(fastify: FastifyInstance, prefix = '/docs'): void {
  const notAnAsset = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!SWAGGER_UI_ASSETS.has((request.params as Record<string, string>)['*'])) reply.callNotFound();
  };
  fastify.addHook('onRoute', (route) => {
    if (route.url !== `${prefix}/*`) return;
    route.onRequest = [...(route.onRequest === undefined ? [] : [route.onRequest].flat()), notAnAsset] as typeof route.onRequest;
  });
}
