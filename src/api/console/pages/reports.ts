/** The console's reports page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const reportsPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
