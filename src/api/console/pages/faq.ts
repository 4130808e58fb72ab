/**
 * /admin/faq: the FAQ tree (nested lists, topics open with the keyboard), the node editor filled by
 * faq.js from /api/v1/faq, what is overdue for review, and the unanswered questions with "answer
 * this". Everything officers typed is escaped by html``.
 */
import type { FastifyPluginAsync } from 'fastify';
import { PLAN_FIELDS } from '../../../content/schemas.ts';
import { type FaqNode, LAW_CODES } from '../../../content/types.ts';
import { listUnanswered, loadContent } from '../../../db/queries/content.ts';
import { scopeUnits } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { ANSWER_MAX, TITLE_MAX } from '../../routes/content/faq-rules.ts';
import { mayEditFaq, nowOf } from '../../routes/content/shared.ts';
import { type Html, html, scrollTable } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page, type Translate } from '../layout.ts';

/** The content pages are for any console account (writing is checked by the API). */
export const contentPageGuard = (deps: AppDeps) => requireConsole(deps, 'viewer');

function tree(t: Translate, faq: FaqNode[], today: string): Html {
  const kids = new Map<string | null, FaqNode[]>();
  for (const n of faq) kids.set(n.parent, [...(kids.get(n.parent) ?? []), n]);
  const item = (n: FaqNode): Html => {
    const children = kids.get(n.id) ?? [];
    const badge = n.reviewBy < today ? html` <span class="badge late">${t('faq.overdueBadge')}</span>` : '';
    const edit = html`<button type="button" class="node" data-id="${n.id}" aria-label="${t('faq.edit')}: ${n.title.vi}">${n.title.vi}</button>${badge}`;
    if (!children.length) return html`<li>${edit}</li>`;
    return html`<li><details><summary>${n.title.vi} <span class="muted">(${children.length})</span></summary>
      <ul><li>${edit}</li>${children.map(item)}</ul></details></li>`;
  };
  return html`<ul class="faq-tree">${(kids.get(null) ?? []).map(item)}</ul>`;
}

function editor(t: Translate, faq: FaqNode[], editable: boolean): Html {
  if (!editable) return html`<p class="muted" id="faq-readonly">${t('faq.readOnly')}</p>`;
  const counter = (id: string, max: number) =>
    html`<span class="counter muted" id="${id}-count" data-max="${max}" aria-live="polite"></span>`;
  const input = (id: string, label: string, max: number) =>
    html`<label for="${id}">${label}</label><input type="text" id="${id}" name="${id}" maxlength="${max * 2}" aria-describedby="${id}-count">${counter(id, max)}`;
  const area = (id: string, label: string) =>
    html`<label for="${id}">${label}</label><textarea id="${id}" name="${id}" rows="6" aria-describedby="${id}-count"></textarea>${counter(id, ANSWER_MAX)}`;
  return html`<p id="faq-mode" class="muted">${t('faq.pick')}</p>
<form id="faq-form" novalidate hidden>
  <p id="faq-id" class="muted"></p>
  <label for="parent">${t('faq.parent')}</label>
  <select id="parent" name="parent"><option value="">${t('faq.noParent')}</option>${faq.map((n) => html`<option value="${n.id}">${n.id}</option>`)}</select>
  ${input('title-vi', t('faq.titleVi'), TITLE_MAX)}
  ${input('title-en', t('faq.titleEn'), TITLE_MAX)}
  ${area('answer-vi', t('faq.answerVi'))}
  ${area('answer-en', t('faq.answerEn'))}
  <fieldset id="citations"><legend>${t('faq.citations')}</legend>
    <ol id="citation-list"></ol>
    <button type="button" class="secondary" id="add-citation">${t('faq.addCitation')}</button>
  </fieldset>
  <template id="citation-row"><li class="citation">
    <label>${t('faq.law')} <select name="law">${LAW_CODES.map((c) => html`<option value="${c}">${c}</option>`)}</select></label>
    <label>${t('faq.article')} <input type="text" name="article" inputmode="numeric" size="5"></label>
    <label>${t('faq.clause')} <input type="text" name="clause" size="4"></label>
    <button type="button" class="secondary remove">${t('faq.removeCitation')}</button></li></template>
  <label for="keywords-vi">${t('faq.keywordsVi')}</label><input type="text" id="keywords-vi" name="keywords-vi">
  <label for="keywords-en">${t('faq.keywordsEn')}</label><input type="text" id="keywords-en" name="keywords-en">
  <label for="field">${t('faq.field')}</label>
  <select id="field" name="field"><option value="">${t('faq.noField')}</option>${PLAN_FIELDS.map((f) => html`<option value="${f}">${t(`faq.field_${f}`)}</option>`)}</select>
  <label for="review-by">${t('faq.reviewBy')}</label><input type="date" id="review-by" name="review-by" required>
  <div class="actions"><button type="submit" id="faq-save">${t('faq.save')}</button>
    <button type="button" class="secondary" id="faq-child">${t('faq.newChild')}</button>
    <button type="button" class="secondary danger" id="faq-delete">${t('faq.delete')}</button></div>
  <div id="faq-status" role="status" aria-live="polite"></div>
</form>`;
}

const STRINGS = [
  'faq.saved',
  'faq.deleted',
  'faq.refused',
  'faq.warnings',
  'faq.count',
  'faq.confirmDelete',
  'faq.answering',
  'faq.pick',
];

export const faqPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get('/admin/faq', { preHandler: contentPageGuard(deps) }, async (req, reply) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang, 'console-content');
      const actor = req.actor as NonNullable<typeof req.actor>;
      const db = deps.bot.database.db;
      const now = nowOf(deps);
      const today = now.toISOString().slice(0, 10);
      const { faq } = await loadContent(db);
      const questions = await listUnanswered(
        db,
        new Date(now.getTime() - 30 * 24 * 3600 * 1000),
        scopeUnits(actor.scope),
      );
      const editable = mayEditFaq(actor);
      const overdue = faq
        .filter((n) => n.reviewBy < today)
        .sort((a, b) => (a.reviewBy < b.reviewBy ? -1 : 1));
      const strings = JSON.stringify(Object.fromEntries(STRINGS.map((k) => [k, t(k)])));
      const body = html`<div id="faq-app" data-strings="${strings}" data-editable="${editable ? 'yes' : 'no'}">
<div class="faq-layout">
<section aria-labelledby="tree-h" class="faq-tree-box"><h2 id="tree-h">${t('faq.tree')}</h2>
<p class="muted">${t('faq.treeHelp')}</p>
${editable ? html`<button type="button" class="secondary" id="faq-new">${t('faq.newTop')}</button>` : ''}
${tree(t, faq, today)}</section>
<section aria-labelledby="editor-h" class="faq-editor"><h2 id="editor-h">${t('faq.editor')}</h2>${editor(t, faq, editable)}</section>
</div>
<section aria-labelledby="overdue-h"><h2 id="overdue-h">${t('faq.overdue')}</h2>
${overdue.length ? html`<ul id="overdue">${overdue.map((n) => html`<li><button type="button" class="node link" data-id="${n.id}">${n.title.vi}</button> <span class="muted">${t('faq.overdueSince', { date: n.reviewBy })}</span></li>`)}</ul>` : html`<p class="muted" id="overdue">${t('faq.overdueNone')}</p>`}
</section>
<section aria-labelledby="unanswered-h"><h2 id="unanswered-h">${t('faq.unanswered')}</h2>
<p class="muted">${t('faq.unansweredHelp')}</p>
${
  questions.length
    ? scrollTable(
        t('faq.unanswered'),
        html`<table id="unanswered"><thead><tr><th scope="col">${t('faq.question')}</th><th scope="col">${t('faq.language')}</th><th scope="col">${t('faq.day')}</th><th scope="col"></th></tr></thead><tbody>
${questions.map((q) => html`<tr><td>${q.text}</td><td>${q.locale}</td><td>${q.day}</td><td>${editable ? html`<button type="button" class="answer-this" data-id="${q.id}" data-text="${q.text}" data-locale="${q.locale}">${t('faq.answerThis')}</button>` : ''}</td></tr>`)}
</tbody></table>`,
      )
    : html`<p class="muted">${t('faq.unansweredNone')}</p>`
}
</section></div>`;
      const shell = consoleT(deps, lang);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          page({
            lang,
            t: shell,
            title: t('faq.title'),
            actor,
            current: 'faq',
            body,
            scripts: ['faq.js'],
            styles: ['faq.css'],
          }),
        );
    });
  };
