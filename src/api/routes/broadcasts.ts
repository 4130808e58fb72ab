/** /api/v1/broadcasts: officers create, follow, cancel and retry broadcasts (CONTRACT.md). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';

export const broadcastRoutes =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
