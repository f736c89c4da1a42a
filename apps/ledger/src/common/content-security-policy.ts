import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type Policy = Exclude<FastifyHelmetOptions['contentSecurityPolicy'], boolean | undefined>;

const NONE = ["'none'"];
const SELF = ["'self'"];

/**
 * The JSON API, and every path no other policy claims (unknown routes too): nothing may load,
 * run, submit or frame. HTML the API serves (a breach summary) sets its own, narrower still.
 */
export const API_CSP: Policy = {
  useDefaults: false,
  directives: { defaultSrc: NONE, baseUri: NONE, formAction: NONE, frameAncestors: NONE },
};

/**
 * The OpenAPI UI (swagger-ui): its own scripts only, none inline (its HTML has none); inline
 * styles, which swagger-ui's React components set as style attributes; data: images from its CSS;
 * "Try it out" calls this origin. The one policy with 'unsafe-inline', for styles only.
 */
export const DOCS_CSP: Policy = {
  useDefaults: false,
  directives: {
    defaultSrc: SELF,
    scriptSrc: SELF,
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: SELF,
    fontSrc: SELF,
    objectSrc: NONE,
    baseUri: SELF,
    formAction: SELF,
    frameAncestors: NONE,
  },
};

/**
 * Policies by path prefix, first match wins; API_CSP elsewhere. A prefix matches itself and
 * what lies below it ("/docs", "/docs/…"), not a sibling ("/docs-json" is the API's).
 * The DPO console (/console, no inline script) gets its entry here.
 */
export const CSP_BY_PREFIX: readonly { prefix: string; policy: Policy }[] = [{ prefix: '/docs', policy: DOCS_CSP }];

export function cspFor(url: string): Policy {
  const path = url.split('?')[0];
  return CSP_BY_PREFIX.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`))?.policy ?? API_CSP;
}

/**
 * Gives every route the policy of its prefix, as @fastify/helmet's per-route options (which it
 * merges over the global ones). Must be added before routes are: Fastify runs onRoute hooks as
 * each route is registered.
 */
export function cspPerRoutePrefix(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const policy = cspFor(route.url ?? route.path);
    if (policy === API_CSP) return;
    route.config = { ...(route.config as object), helmet: { contentSecurityPolicy: policy } } as typeof route.config;
  });
}
