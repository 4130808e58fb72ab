/** The console's directory page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const directoryPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
