/**
 * Liveness, readiness and Prometheus metrics. /metrics answers only a bearer token (METRICS_TOKEN or
 * the ADMIN_TOKEN): its counters say how busy each channel is, which is no one else's business.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';
import { bearerOf } from '../auth/authenticate.ts';
import { sameSecret } from '../auth/tokens.ts';

/** /healthz answers while the process runs; /readyz only when it can serve (database up, channels started). */
export const healthRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (_req, reply) => {
      const ready = deps.ready() && (await deps.bot.database.ping());
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
    });
    const tokens = [deps.config.metricsToken, deps.config.adminToken].filter((t): t is string => !!t);
    app.get('/metrics', async (req, reply) => {
      const presented = bearerOf(req);
      // Every configured token is compared, so the time taken does not tell which one matched.
      const matches = tokens.map((t) => presented !== undefined && sameSecret(presented, t));
      if (!matches.includes(true)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({
          error: 'unauthorized',
          message: 'GET /metrics needs the METRICS_TOKEN or the ADMIN_TOKEN',
        });
      }
      reply.header('cache-control', 'no-store');
      reply.type(deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    });
  };
