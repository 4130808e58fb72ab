/** /api/v1 routes of the FAQ and directory editors and the unanswered questions. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const contentRoutes =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
