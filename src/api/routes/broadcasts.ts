/**
 * /api/v1/broadcasts and /api/v1/audit: officers create, preview, send, approve, follow (JSON and a
 * live stream), cancel and retry broadcasts (README), and read who did what. Every route
 * has its actor from the root authentication hook (../auth/hooks.ts); roles and scope are checked per
 * route through access.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';
import { actionRoutes } from './broadcasts/actions.ts';
import { approveRoutes } from './broadcasts/approve.ts';
import { createRoutes } from './broadcasts/create.ts';
import { eventRoutes } from './broadcasts/events.ts';
import { readRoutes } from './broadcasts/read.ts';

/** The broadcasts plugin: viewers read, officers write (inside their communes), admins read the audit log. */
export const broadcastRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    createRoutes(app, deps);
    readRoutes(app, deps);
    actionRoutes(app, deps);
    approveRoutes(app, deps);
    eventRoutes(app, deps);
  };
