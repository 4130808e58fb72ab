/** The console's faq page(s) under /admin. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';

export const faqPage =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
