/** The web chat page: server-rendered shell whose words come from locales/<lng>/web.json. */
import type { Translate } from '../../../i18n.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Renders the page; strings for the script travel as JSON in a non-executable script tag. */
export function renderPage(t: Translate, locale: string, unit: string | undefined): string {
  const strings = {
    you: t('chat.you'),
    bot: t('chat.bot'),
    error: t('chat.error'),
    locationDenied: t('chat.locationDenied'),
    call: t('chat.call'),
  };
  const json = JSON.stringify({ locale, unit: unit ?? null, strings }).replace(/</g, '\\u003c');
  const other = locale === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('chat.title'))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/chat/app.css">
</head>
<body>
<header>
  <h1>${escapeHtml(t('chat.title'))}</h1>
  <p class="sub">${escapeHtml(t('chat.subtitle'))}</p>
  <nav><a href="/chat?lang=${other}" lang="${other}">${escapeHtml(t('chat.otherLanguage'))}</a></nav>
</header>
<p class="safety" role="note">${escapeHtml(t('chat.safety'))}</p>
<main id="log" aria-live="polite" aria-label="${escapeHtml(t('chat.logLabel'))}"></main>
<form id="form" autocomplete="off">
  <label for="text" class="visually-hidden">${escapeHtml(t('chat.inputLabel'))}</label>
  <input id="text" name="text" maxlength="2000" placeholder="${escapeHtml(t('chat.placeholder'))}" required>
  <button type="submit">${escapeHtml(t('chat.send'))}</button>
  <button type="button" id="loc" title="${escapeHtml(t('chat.shareLocation'))}">${escapeHtml(t('chat.shareLocationShort'))}</button>
</form>
<script type="application/json" id="config">${json}</script>
<script src="/chat/app.js" defer></script>
</body>
</html>`;
}
