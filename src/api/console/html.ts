/**
 * HTML for the console, escaped by default: every value interpolated into `html` is escaped unless
 * it is itself an Html fragment, so text officers type (messages, FAQ answers, names) can never
 * become markup (XSS).
 */

/** A fragment of trusted HTML. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes text; nested html fragments pass through. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Value) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup made by code (never by user input). */
export const raw = (s: string) => new Html(s);

/**
 * A table that scrolls sideways on a narrow screen, as a named region that takes keyboard focus, so
 * its hidden columns can be reached with the arrow keys (WCAG 2.1.1; axe: scrollable-region-focusable).
 */
export const scrollTable = (label: string, table: Html) =>
  html`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
