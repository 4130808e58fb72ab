/** /api/v1/campaigns: the campaign calendar's occurrences, the year's theme and officers' notices. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.ts';

export const campaignRoutes =
  (_deps: AppDeps): FastifyPluginAsync =>
  async () => {};
