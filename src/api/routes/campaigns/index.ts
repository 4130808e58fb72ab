/**
 * /api/v1/campaigns: the campaign calendar's occurrences (list, add, edit, approve, disable, enable),
 * the year's theme, officers' notices and one-time officer link codes. Everyone signed in reads the
 * calendar; officers change an occurrence only when its audience lies inside their communes (a
 * province-wide one needs a province account); admins set the theme. Every change is written with
 * its audit entry in one transaction. Bad input is a 400 naming the field.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { campaignContext } from './context.ts';
import { occurrenceRoutes } from './occurrences.ts';
import { settingRoutes } from './settings.ts';

/** The campaigns plugin (occurrences, themes, notices, officer link codes). */
export const campaignRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const context = campaignContext(deps);
    occurrenceRoutes(app, context);
    settingRoutes(app, context);
  };
