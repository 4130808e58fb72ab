/**
 * Deep links for posters: t.me/<bot>?start=<slug> opens the bot with the commune already known.
 * Telegram allows 1-64 characters of A-Z, a-z, 0-9, _ and - in the payload, so units go as slugs.
 */
import { slug } from '../../../content/normalize.ts';

/** "Chiềng Lao" -> "chieng-lao"; startTurn in the core maps it back to the unit. */
export function unitSlug(unitName: string): string {
  return slug(unitName).slice(0, 64);
}

/** The link a commune prints (as a QR code) on its posters. */
export function startLink(botUsername: string, unitName: string): string {
  return `https://t.me/${encodeURIComponent(botUsername)}?start=${unitSlug(unitName)}`;
}
