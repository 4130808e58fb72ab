/** The console's dashboard page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const dashboardPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
