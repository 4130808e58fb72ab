/**
 * The officers' console under /admin: server-rendered pages (Vietnamese first, ?lang=en), their
 * static assets, and one plugin per page. Pages authenticate with the console session; the JSON they
 * fetch is the same /api/v1 the scripts use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import type { ConsoleLang, Translate } from './layout.ts';
import { accountsPage } from './pages/accounts.ts';
import { auditPage } from './pages/audit.ts';
import { broadcastsPage } from './pages/broadcasts.ts';
import { campaignsPage } from './pages/campaigns.ts';
import { dashboardPage } from './pages/dashboard.ts';
import { directoryPage } from './pages/directory.ts';
import { faqPage } from './pages/faq.ts';
import { loginPage } from './pages/login.ts';
import { reportsPage } from './pages/reports.ts';

const require = createRequire(import.meta.url);
const PUBLIC = new URL('./public/', import.meta.url);
const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};
/** Files served from node_modules (well-kept libraries the pages use). */
const VENDOR: Record<string, string> = {
  'uplot.js': 'uplot/dist/uPlot.iife.min.js',
  'uplot.css': 'uplot/dist/uPlot.min.css',
};

/** The page language: ?lang=en, else Vietnamese. */
export function consoleLang(req: FastifyRequest): ConsoleLang {
  return (req.query as { lang?: string } | undefined)?.lang === 'en' ? 'en' : 'vi';
}

/** A translator for the console's namespaces ("console" by default; "console-x:key" for others). */
export function consoleT(deps: AppDeps, lang: ConsoleLang, ns = 'console'): Translate {
  return (key, vars) => deps.bot.i18n.t(lang, key.includes(':') ? key : `${ns}:${key}`, vars);
}

export const consoleRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const cache = new Map<string, Buffer>();
    app.get('/admin/assets/:file', async (req, reply) => {
      const { file } = req.params as { file: string };
      const ext = file.split('.').pop() ?? '';
      if (!/^[a-z0-9-]+\.(css|js|svg)$/.test(file) || !TYPES[ext])
        return reply.code(404).send({ error: 'not_found', message: 'no such asset' });
      let body = cache.get(file);
      if (!body) {
        try {
          const vendor = VENDOR[file];
          body = readFileSync(vendor ? require.resolve(vendor) : new URL(file, PUBLIC));
        } catch {
          return reply.code(404).send({ error: 'not_found', message: 'no such asset' });
        }
        cache.set(file, body);
      }
      return reply
        .type(TYPES[ext] as string)
        .header('cache-control', 'public, max-age=300')
        .send(body);
    });
    for (const p of [
      loginPage,
      dashboardPage,
      broadcastsPage,
      campaignsPage,
      faqPage,
      directoryPage,
      reportsPage,
      accountsPage,
      auditPage,
    ])
      await app.register(p(deps));
  };
