/**
 * /api/docs: the OpenAPI 3.1 document of /api/v1 (openapi.json) and a plain page listing the routes,
 * both public (they describe the API, never its data) and built from the routes' own declarations.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { html } from '../console/html.ts';
import { consoleLang, consoleT } from '../console/index.ts';
import { page } from '../console/layout.ts';
import { describedRoutes, describeRoute, openApiDocument } from '../openapi-registry.ts';

// The public FAQ search is older than the registry; it is described here so the document is complete.
describeRoute({
  method: 'GET',
  path: '/api/v1/faq/search',
  summary: 'Search the FAQ: the object of `hoaban ask --json` (120 a minute per client)',
  role: 'public',
  query: z.object({
    q: z.string().min(1).max(500),
    lang: z.enum(['vi', 'en']).default('vi'),
    limit: z.number().int().min(1).max(5).default(3),
  }),
});

/** The docs plugin. */
export const openapiRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get('/api/docs/openapi.json', async (_req, reply) =>
      reply.header('cache-control', 'no-cache').send(openApiDocument()),
    );

    app.get('/api/docs', async (req, reply) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang, 'console-api');
      const rows = describedRoutes().map(
        (r) =>
          html`<tr><td><code>${r.method}</code></td><td><code>${r.path}</code></td><td>${r.summary}</td><td>${t(`role.${r.role}`)}</td></tr>`,
      );
      const body = html`<p>${t('intro')}</p>
<p><a href="/api/docs/openapi.json">${t('json')}</a></p>
<div class="table-wrap"><table>
<caption>${t('caption')}</caption>
<thead><tr><th scope="col">${t('method')}</th><th scope="col">${t('path')}</th><th scope="col">${t('summary')}</th><th scope="col">${t('role.label')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
      return reply.type('text/html; charset=utf-8').send(page({ lang, t, title: t('title'), body }));
    });
  };
