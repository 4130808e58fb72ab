/**
 * A small parser for HTML form posts (application/x-www-form-urlencoded) for the plugins that take
 * them: repeated fields keep their last value, and bodies over 64 KiB are refused with 413.
 */
import type { FastifyInstance } from 'fastify';

/** Form bodies are a few fields; anything larger is not a console form. */
export const FORM_LIMIT = 64 * 1024;

/** Lets the plugin `app` (and its children) accept form posts as a plain object of strings. */
export function acceptForms(app: FastifyInstance) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}
