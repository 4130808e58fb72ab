/** /api/v1 accounts routes (officers' console issue). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';

export const accountsRoutes =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
