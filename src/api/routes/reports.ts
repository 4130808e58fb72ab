/** /api/v1 reports routes (officers' console issue). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';

export const reportsRoutes =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
