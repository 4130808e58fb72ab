/**
 * Authentication for every officers' route at once: the cookie parser, and a hook on every route
 * registered under /api/v1 and /admin that resolves the actor and refuses (403 {"error":"csrf"}) a
 * cookie-authenticated unsafe request without its session's CSRF token. Routes cannot forget either:
 * they only check roles. Every response of those routes is sent with Cache-Control: no-store.
 *
 * Requests are picked by the route they reached (its registered pattern), never by the raw URL: the
 * router decodes "%61pi" to "api", so a check on the URL's spelling could be walked around.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { authenticate } from './authenticate.ts';

/** True for route patterns whose requests are authenticated (the login form itself is not: a stale cookie is ignored there). */
export function guardedRoute(pattern: string | undefined): boolean {
  if (pattern === undefined) return false;
  if (pattern === '/admin/login' || pattern.startsWith('/admin/assets/')) return false;
  return (
    pattern === '/admin' ||
    pattern.startsWith('/admin/') ||
    pattern === '/api/v1' ||
    pattern.startsWith('/api/v1/')
  );
}

/** The registered pattern of the route a request reached (undefined when it reached none). */
export const routeOf = (req: FastifyRequest): string | undefined => req.routeOptions.url;

/** Registers the cookie parser and the authentication hook on the root instance (not encapsulated). */
export function authHooks(deps: AppDeps): FastifyPluginAsync {
  const plugin = async (app: FastifyInstance) => {
    await app.register(cookie);
    const resolve = authenticate(deps);
    app.addHook('preHandler', async (req) => {
      if (guardedRoute(routeOf(req))) await resolve(req);
    });
    // Officers' pages and data (confidential addresses among them) are never kept by a browser's or
    // a proxy's cache, whatever the route set; refusals too, so nothing of the kind lingers.
    app.addHook('onSend', async (req, reply, payload) => {
      if (guardedRoute(routeOf(req)) || req.actor) reply.header('cache-control', 'no-store');
      return payload;
    });
  };
  // Like fastify-plugin: the hook applies to every route registered after this plugin.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
