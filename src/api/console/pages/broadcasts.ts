/** The console's broadcasts page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const broadcastsPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
