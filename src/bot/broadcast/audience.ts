/**
 * Who a broadcast reaches: channels, communes/wards (directly or through their former district) and
 * languages, resolved against the units and turned into one SQL condition on subscribers. The dry-run
 * count and the expansion into deliveries use the same condition, so the count officers see is the
 * number of rows the send creates.
 */
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { ContentIndex } from '../../content/types.ts';
import type { Audience } from '../../db/schema/broadcasts.ts';
import { subscribers } from '../../db/schema/subscribers.ts';
import { CHANNELS } from '../types.ts';

/** Text locales, plus the languages a subscriber may prefer to hear (audio clips). */
export const AUDIENCE_LOCALES = ['vi', 'en', 'thai', 'hmong'] as const;
/** Languages a subscriber can name for audio only; the bot's texts fall back to Vietnamese. */
export const HEAR_LANGS = ['thai', 'hmong'] as const;
export type HearLang = (typeof HEAR_LANGS)[number];

export type AudienceCheck = { ok: true; units?: string[] } | { ok: false; field: string; message: string };

/**
 * Checks every name in the audience and resolves the units it covers (undefined = every unit,
 * province-wide subscribers included). Unknown names are an error, never silently dropped.
 */
export function resolveAudience(audience: Audience, content: Pick<ContentIndex, 'units'>): AudienceCheck {
  for (const c of audience.channels ?? []) {
    if (!(CHANNELS as readonly string[]).includes(c))
      return { ok: false, field: 'audience.channels', message: `unknown channel "${c}"` };
  }
  for (const l of audience.locales ?? []) {
    if (!(AUDIENCE_LOCALES as readonly string[]).includes(l))
      return { ok: false, field: 'audience.locales', message: `unknown language "${l}"` };
  }
  const names = new Set<string>();
  for (const u of audience.units ?? []) {
    if (!content.units.get(u)) return { ok: false, field: 'audience.units', message: `unknown unit "${u}"` };
    names.add(u);
  }
  for (const d of audience.formerDistricts ?? []) {
    const units = content.units.unitsOf(d);
    if (units.length === 0)
      return { ok: false, field: 'audience.formerDistricts', message: `unknown former district "${d}"` };
    for (const u of units) names.add(u.name);
  }
  const byArea = (audience.units?.length ?? 0) + (audience.formerDistricts?.length ?? 0) > 0;
  return { ok: true, units: byArea ? [...names].sort() : undefined };
}

/** The subscribers an audience covers (units as resolved by resolveAudience). */
export function audienceCondition(audience: Audience, units: string[] | undefined): SQL {
  const parts: (SQL | undefined)[] = [eq(subscribers.subscribed, true)];
  if (audience.channels?.length) parts.push(inArray(subscribers.channel, audience.channels));
  if (units) parts.push(inArray(subscribers.unit, units.length ? units : ['']));
  if (audience.locales?.length) {
    const text = audience.locales.filter((l) => !(HEAR_LANGS as readonly string[]).includes(l));
    const hear = audience.locales.filter((l) => (HEAR_LANGS as readonly string[]).includes(l));
    parts.push(
      or(
        text.length ? inArray(subscribers.locale, text) : undefined,
        hear.length ? inArray(subscribers.hearLang, hear) : undefined,
      ),
    );
  }
  return and(...parts) as SQL;
}
