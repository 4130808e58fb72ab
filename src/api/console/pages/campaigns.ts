/** The console's campaigns page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const campaignsPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
