import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A route the running server answers, as "METHOD /path" with Fastify's parameter syntax. */
export type RouteKey = `${string} /${string}`;

/**
 * Every route in Fastify's route table of a running app (Nest's controllers, the OpenAPI UI,
 * and whatever is added later), read from its printed tree: each line is a path segment that
 * extends its parent's, with the methods it answers in parentheses. HEAD routes Fastify adds
 * for GET routes are left out: they run the GET handler.
 */
export function routeTable(app: NestFastifyApplication): RouteKey[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const parents: string[] = [];
  const routes = new Set<RouteKey>();
  for (const line of tree.split('\n')) {
    const branch = line.search(/[├└]── /);
    if (branch < 0) continue;
    const depth = branch / 4;
    const node = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(branch + 4))!;
    const path = (parents[depth - 1] ?? '') + node[1];
    parents[depth] = path;
    parents.length = depth + 1;
    for (const method of node[2]?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.add(`${method} ${path}` as RouteKey);
    }
  }
  return [...routes].sort();
}
