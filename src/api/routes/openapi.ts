/** /api/v1 openapi routes (officers' console issue). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';

export const openapiRoutes =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
