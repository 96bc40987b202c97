import type { Express } from 'express';

/** One route the app serves: an HTTP method and an OpenAPI-style path (`/api/v1/orders/{id}`). */
export interface ServedRoute {
  method: string;
  path: string;
}

/** What router 2 (Express 5's) gives for each layer of a router's stack; mounted routers come back with `router`. */
interface ListedRoute {
  path: string | RegExp;
  methods: string[] | undefined;
  router: RouterLike | undefined;
}
interface RouterLike {
  listRoutes?: () => ListedRoute[];
  stack: LayerLike[];
}
interface LayerLike {
  rawPath?: string | RegExp | Array<string | RegExp>;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: LayerLike[] } & Partial<RouterLike>;
}

/** `/orders/:id/files/:fileId` -> `/orders/{id}/files/{fileId}`; joins mount paths without doubled or trailing slashes. */
function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:(\w+)/g, '{$1}');
}

/** The routes of one router, from router 2's listRoutes(), or from its stack for a router without it. */
function listedRoutes(router: RouterLike): ListedRoute[] {
  if (typeof router.listRoutes === 'function') return router.listRoutes();
  return router.stack.flatMap((layer): ListedRoute[] => {
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath ?? '/'];
    if (layer.route) {
      const methods = Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => m.toUpperCase());
      return paths.map((path) => ({ path, methods, router: undefined }));
    }
    if (Array.isArray(layer.handle.stack)) return paths.map((path) => ({ path, methods: undefined, router: layer.handle as RouterLike }));
    return [];
  });
}

/**
 * Every method + path the app answers on through a route, however deeply its routers are mounted
 * (app.router, then each `use(path, router)`); the automatic HEAD of a GET is left out. A route
 * given as a regular expression cannot be compared with a document and fails loudly.
 */
export function servedRoutes(app: Express): ServedRoute[] {
  const found: ServedRoute[] = [];
  const walk = (router: RouterLike, prefix: string) => {
    for (const listed of listedRoutes(router)) {
      if (typeof listed.path !== 'string')
        throw new Error(`A route by regular expression (${String(listed.path)} under ${prefix || '/'}) cannot be documented`);
      const path = joinPath(prefix, listed.path);
      if (listed.router) walk(listed.router, path);
      for (const method of listed.methods ?? []) {
        if (method === '*') throw new Error(`${path} answers every method (.all()): document its methods one by one`);
        if (method !== 'HEAD' || !listed.methods?.includes('GET')) found.push({ method: method.toLowerCase(), path });
      }
    }
  };
  walk((app as unknown as { router: RouterLike }).router, '');
  return found;
}
