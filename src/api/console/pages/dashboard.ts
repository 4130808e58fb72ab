/**
 * The console's dashboard (/admin): subscribers by channel, this month's messages, questions and
 * referrals, unanswered questions, and one row per former district and unit. The server renders the
 * frame (headings, empty tables with their captions); dashboard.js fills it from /api/v1/dashboard
 * and draws a uPlot chart next to each table, so every figure of a chart is also readable as text.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { type Html, html, scrollTable } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page, type Translate } from '../layout.ts';
import { sendPage } from './broadcasts/shared.ts';

const NS = 'console-reports';

/** Labels the script needs: code -> text for channels, fields and campaigns, and the page's words. */
export function scriptStrings(deps: AppDeps, lang: 'vi' | 'en'): string {
  const r = (key: string, ns = NS) => deps.bot.i18n.resource<Record<string, unknown>>(lang, key, ns) ?? {};
  return JSON.stringify({
    page: r('page'),
    col: r('col'),
    metric: r('metric'),
    channel: r('channel'),
    field: r('field'),
    area: r('area'),
    kind: r('kind'),
    campaign: { ...(r('campaign', 'campaigns') as object), ...r('campaign') },
  });
}

/** A section with a chart (drawn by the script) and the table holding the same figures. */
function chartSection(t: Translate, id: string, title: string, cols: string[]): Html {
  return html`<section class="dash-block" aria-labelledby="h-${id}">
<h2 id="h-${id}">${title}</h2>
<div class="dash-row">
<figure class="dash-chart" id="chart-${id}" aria-describedby="note-${id}"><figcaption id="note-${id}" class="muted">${t('page.chartNote')}</figcaption></figure>
${scrollTable(
  title,
  html`<table id="table-${id}"><caption>${title}</caption>
<thead><tr>${cols.map((c) => html`<th scope="col">${t(`col.${c}`)}</th>`)}</tr></thead><tbody></tbody></table>`,
)}
</div>
</section>`;
}

/** The page body: status line, totals, four chart sections, top topics and the per-area table. */
export function dashboardBody(t: Translate, strings: string, lang: 'vi' | 'en'): Html {
  return html`<div id="dash" data-lang="${lang}" data-strings="${strings}">
<p id="dash-status" role="status">${t('page.loading')}</p>
<p id="dash-meta" class="muted"></p>
<dl id="dash-totals" class="dash-totals"></dl>
${chartSection(t, 'subs', t('page.subscribersByChannel'), ['channel', 'subscribers'])}
${chartSection(t, 'sent', t('page.sentByDistrict'), ['formerDistrict', 'sent', 'failed', 'skipped', 'unknown'])}
${chartSection(t, 'faq', t('page.faqByField'), ['field', 'menu', 'typed', 'total'])}
${chartSection(t, 'ref', t('page.referralsByDistrict'), ['formerDistrict', 'count'])}
${chartSection(t, 'kind', t('page.referralsByKind'), ['kind', 'count'])}
<section class="dash-block" aria-labelledby="h-topics"><h2 id="h-topics">${t('page.topTopics')}</h2>
${scrollTable(
  t('page.topTopics'),
  html`<table id="table-topics"><caption>${t('page.topTopics')}</caption><thead><tr>
${['rank', 'topic', 'field', 'total'].map((c) => html`<th scope="col">${t(`col.${c}`)}</th>`)}</tr></thead><tbody></tbody></table>`,
)}</section>
<section class="dash-block" aria-labelledby="h-areas"><h2 id="h-areas">${t('page.byArea')}</h2>
<label for="area-district">${t('page.district')}</label>
<select id="area-district"><option value="">${t('page.allDistricts')}</option></select>
${scrollTable(
  t('page.byArea'),
  html`<table id="table-areas"><caption>${t('page.byArea')}</caption><thead><tr>
${['formerDistrict', 'unit', 'subscribers', 'sent', 'referrals', 'joined'].map((c) => html`<th scope="col">${t(c === 'referrals' ? 'metric.referrals' : `col.${c}`)}</th>`)}
</tr></thead><tbody></tbody></table>`,
)}</section>
</div>`;
}

export const dashboardPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get('/admin', { preHandler: requireConsole(deps, 'viewer') }, async (req, reply) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang, NS);
      const body = dashboardBody(t, scriptStrings(deps, lang), lang);
      return sendPage(
        reply,
        page({
          lang,
          t: consoleT(deps, lang),
          actor: req.actor,
          current: 'dashboard',
          title: t('title.dashboard'),
          body,
          scripts: ['dashboard.js'],
          styles: ['uplot.css', 'dashboard.css'],
        }),
      );
    });
  };
