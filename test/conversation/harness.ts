/**
 * Shared runner for the conversation tables: builds the turn input from a compact case and checks
 * the expectations, so each table reads as data.
 */
import { expect } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound, Intent, SessionState, SubscriberView, TurnResult } from '../../src/bot/types.ts';
import type { ContentIndex, Locale } from '../../src/content/types.ts';
import { createI18n } from '../../src/i18n.ts';

export const i18n = createI18n();
export const NOW = new Date('2026-03-08T09:00:00+07:00');

type PerLocale<T> = T | Partial<Record<Locale, T>>;

/** One row: what the chat had, what came in, and what must come out. */
export interface Case {
  name: string;
  /** Content to run on instead of the shipped seed content. */
  content?: ContentIndex;
  locales?: Locale[];
  session?: SessionState | null;
  subscriber?: SubscriberView | null;
  inbound: Inbound | string;
  channel?: Inbound['channel'];
  intent?: Intent;
  /** Exact effect types, in order. */
  effects?: string[];
  /** All reply texts joined must contain each. */
  text?: PerLocale<string[]>;
  notText?: PerLocale<string[]>;
  /** The first reply must contain each. */
  firstText?: PerLocale<string[]>;
  /** Ids that the last reply with buttons must offer. */
  buttons?: string[];
  /** Session fields that must hold afterwards (null: session deleted). */
  after?: Partial<SessionState> | null;
  check?: (r: TurnResult, locale: Locale) => void;
}

function pick<T>(v: PerLocale<T> | undefined, locale: Locale): T | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v as T;
  return (v as Partial<Record<Locale, T>>)[locale];
}

/** Runs one row in one locale (the locale goes in the session unless the row sets a subscriber). */
export function runCase(content: ContentIndex, c: Case, locale: Locale): TurnResult {
  const inbound: Inbound =
    typeof c.inbound === 'string'
      ? { channel: c.channel ?? 'zalo-bot', chatId: 'c1', kind: 'text', text: c.inbound }
      : c.inbound;
  const session = c.session === null ? null : { locale, ...(c.session ?? {}) };
  const subscriber = c.subscriber ? { ...c.subscriber, locale } : null;
  return handleTurn({ content: c.content ?? content, i18n, now: NOW }, { session, subscriber }, inbound);
}

/** Checks one row's expectations against a result. */
export function checkCase(c: Case, r: TurnResult, locale: Locale): void {
  const all = r.replies.map((x) => x.text).join('\n');
  if (c.intent) expect(r.intent).toBe(c.intent);
  if (c.effects) expect(r.effects.map((e) => e.type)).toEqual(c.effects);
  for (const s of pick(c.text, locale) ?? []) expect(all).toContain(s);
  for (const s of pick(c.notText, locale) ?? []) expect(all).not.toContain(s);
  for (const s of pick(c.firstText, locale) ?? []) expect(r.replies[0]?.text).toContain(s);
  if (c.buttons) {
    const last = [...r.replies].reverse().find((x) => x.buttons?.length);
    const ids = last?.buttons?.map((b) => b.id) ?? [];
    for (const id of c.buttons) expect(ids).toContain(id);
    expect(r.session?.lastButtons).toEqual(ids);
  }
  if (c.after === null) expect(r.session).toBeNull();
  else if (c.after) expect(r.session).toMatchObject(c.after);
  for (const reply of r.replies)
    expect(reply.text).not.toMatch(/\{\{|\b(menu|dir|faq|sub|privacy|lang|officer)\.[a-z]/);
  c.check?.(r, locale);
}
