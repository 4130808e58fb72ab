/** The console's login page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const loginPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
