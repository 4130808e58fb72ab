/** /api/v1 routes of the FAQ and directory editors and the unanswered questions. */
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { directoryRoutes } from './directory.ts';
import { faqEditorRoutes } from './faq.ts';
import { unansweredRoutes } from './unanswered.ts';
import './docs.ts';

/** Every route needs an authenticated actor; each write checks its own role and scope. */
export const contentRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    // The directory import takes a CSV body; the plugin's encapsulation keeps this parser here.
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.addHook('preHandler', requireRole('viewer'));
    faqEditorRoutes(app, deps);
    unansweredRoutes(app, deps);
    directoryRoutes(app, deps);
  };
