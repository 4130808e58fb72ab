/**
 * The Fastify app: health, readiness, metrics, the public FAQ search, the officers' units API and
 * every channel's routes.
 * build() creates it without listening so tests drive it with app.inject().
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { ChannelAdapter } from '../bot/channels/types.ts';
import type { BotDeps } from '../bot/handle-inbound.ts';
import type { Config } from '../config.ts';
import { authHooks } from './auth/hooks.ts';
import { consoleRoutes } from './console/index.ts';
import type { Metrics } from './metrics.ts';
import { accountsRoutes } from './routes/accounts.ts';
import { broadcastRoutes } from './routes/broadcasts.ts';
import { campaignRoutes } from './routes/campaigns/index.ts';
import { contentRoutes } from './routes/content/index.ts';
import { faqRoutes } from './routes/faq.ts';
import { healthRoutes } from './routes/health.ts';
import { openapiRoutes } from './routes/openapi.ts';
import { reportsRoutes } from './routes/reports.ts';
import { unitRoutes } from './routes/units.ts';

/** Largest request body accepted (webhooks and API alike); bigger ones get 413. */
export const BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  config: Config;
  bot: BotDeps;
  metrics: Metrics;
  channels: ChannelAdapter[];
  /** True once migrations ran and channels started; false again while shutting down. */
  ready: () => boolean;
  logger?: boolean | object;
  /** Wakes this replica's broadcast workers after an officer sent, retried or fired something. */
  wakeBroadcasts?: () => void;
}

/** Trusts the nearest `n` proxies, as Fastify does for a number (its types take only a function). */
const hops = (n: number) => (_address: string, hop: number) => hop < n;

/** Builds the app with every route registered; the caller listens or injects. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
    // Off unless TRUST_PROXY names the proxies in front: a forged X-Forwarded-For must not pick
    // the address that the login, FAQ search and web chat limits count by.
    trustProxy:
      typeof deps.config.trustProxy === 'number' ? hops(deps.config.trustProxy) : deps.config.trustProxy,
  });
  // Log the route and status only: URLs may carry ids, bodies carry message text.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        route: req.routeOptions.url ?? 'unknown',
        method: req.method,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  // Cookies, and the actor and CSRF check of every /api/v1 and /admin request (before any route).
  await app.register(authHooks(deps));
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error(
        { err: { type: err.name, code: err.code }, route: req.routeOptions.url },
        'request failed',
      );
      return reply.code(status).send({ error: 'internal_error', message: 'Internal error' });
    }
    return reply.code(status).send({ error: err.code ?? 'bad_request', message: err.message });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not_found', message: 'Not found' }));

  await app.register(healthRoutes(deps));
  await app.register(faqRoutes(deps));
  await app.register(unitRoutes(deps));
  await app.register(broadcastRoutes(deps));
  await app.register(campaignRoutes(deps));
  await app.register(accountsRoutes(deps));
  await app.register(reportsRoutes(deps));
  await app.register(contentRoutes(deps));
  await app.register(openapiRoutes(deps));
  await app.register(consoleRoutes(deps));
  for (const channel of deps.channels) channel.routes(app);
  app.get('/', async (_req, reply) => reply.redirect(deps.config.webchat ? '/chat' : '/healthz'));
  return app;
}
