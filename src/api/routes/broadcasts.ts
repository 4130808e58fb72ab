/**
 * /api/v1/broadcasts and /api/v1/audit: officers create, preview, send, follow (JSON and a live
 * stream), cancel and retry broadcasts (CONTRACT.md), and read who did what. Admin token only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireAdmin } from '../auth.ts';
import { actionRoutes } from './broadcasts/actions.ts';
import { createRoutes } from './broadcasts/create.ts';
import { eventRoutes } from './broadcasts/events.ts';
import { readRoutes } from './broadcasts/read.ts';

/** The broadcasts plugin; every route needs the admin bearer token. */
export const broadcastRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.addHook('preHandler', requireAdmin(deps.config.adminToken));
    createRoutes(app, deps);
    readRoutes(app, deps);
    actionRoutes(app, deps);
    eventRoutes(app, deps);
  };
