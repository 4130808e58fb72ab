/**
 * Authentication for every officers' route at once: the cookie parser, and a hook on every /api/v1
 * and /admin request that resolves the actor and refuses (403 {"error":"csrf"}) a cookie-authenticated
 * unsafe request without its session's CSRF token. Routes cannot forget either: they only check roles.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';
import { authenticate } from './authenticate.ts';
import { csrfSatisfied } from './csrf.ts';

/** Paths whose requests are authenticated (the login form itself is not: a stale cookie is ignored there). */
export function guardedPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  if (path === '/admin/login' || path.startsWith('/admin/assets/')) return false;
  return path === '/admin' || path.startsWith('/admin/') || path.startsWith('/api/v1/') || path === '/api/v1';
}

/** Registers the cookie parser and the authentication hook on the root instance (not encapsulated). */
export function authHooks(deps: AppDeps): FastifyPluginAsync {
  const plugin = async (app: FastifyInstance) => {
    await app.register(cookie);
    const resolve = authenticate(deps);
    app.addHook('preHandler', async (req, reply) => {
      if (!guardedPath(req.url)) return;
      await resolve(req);
      if (!csrfSatisfied(req)) {
        return reply.code(403).send({
          error: 'csrf',
          message: 'missing or wrong CSRF token (x-csrf-token header or _csrf field)',
        });
      }
    });
  };
  // Like fastify-plugin: the hook applies to every route registered after this plugin.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
