/**
 * Reads a place out of what residents type: a commune or ward after the 2025 merger, a merged
 * former commune, or one of the 12 former districts people still use (docs/SOURCES.md).
 */
import type { ContentIndex, Unit, UnitMatch } from '../../content/types.ts';
import type { Turn } from './context.ts';
import { fold, hasPhrase, words } from './text.ts';

/** What a typed place name resolved to. alsoDistrict: the name is also a former district's. */
export type Place =
  | { kind: 'unit'; match: UnitMatch; alsoDistrict?: string }
  | { kind: 'ambiguous'; matches: UnitMatch[] }
  | { kind: 'district'; district: string }
  | { kind: 'none' };

/** Resolves typed text to a place; one unit wins over its former district of the same name. */
export function resolvePlace(content: ContentIndex, text: string): Place {
  const seen = new Set<string>();
  const matches = content.units
    .matchUnits(text)
    .filter((m) => !seen.has(m.unit.name) && seen.add(m.unit.name));
  const district = content.units.findFormerDistrict(text);
  const first = matches[0];
  if (first && matches.length === 1) {
    const alsoDistrict = district && first.unit.formerDistrict === district ? district : undefined;
    return alsoDistrict ? { kind: 'unit', match: first, alsoDistrict } : { kind: 'unit', match: first };
  }
  if (matches.length > 1) return { kind: 'ambiguous', matches };
  if (district) return { kind: 'district', district };
  return { kind: 'none' };
}

const FILLER = new Set(
  (
    'xa phuong thi tran tt huyen tp thanh pho tx o tai toi minh em chi anh dang song nha cua cu moi nay thuoc ' +
    'tinh son la gan day khu vuc ban i am live in at near the of commune ward district town city my'
  ).split(' '),
);

const CUES = [
  'tim noi ho tro',
  'noi ho tro',
  'tim ho tro',
  'noi giup do',
  'find help',
  'help near',
  'help in',
];

/** Words that on their own ask for the directory, before any place is named. */
export function isDirectoryAsk(text: string): boolean {
  const folded = fold(text);
  return CUES.includes(folded) || folded === 'tim noi ho tro gan toi' || folded === 'help near me';
}

/**
 * True when a message that names a place asks for help there ("tìm nơi hỗ trợ ở Chiềng Lao") or is
 * only the place ("xa chieng lao"); a question that merely mentions a place stays a question.
 */
export function isPlaceRequest(text: string, place: Place): boolean {
  if (place.kind === 'none') return false;
  const folded = fold(text);
  if (CUES.some((cue) => hasPhrase(folded, cue))) return true;
  const names =
    place.kind === 'district'
      ? [place.district]
      : (place.kind === 'unit' ? [place.match] : place.matches).flatMap((m) => [m.unit.name, m.matchedName]);
  if (place.kind === 'unit' && place.alsoDistrict) names.push(place.alsoDistrict);
  const nameWords = new Set(names.flatMap((n) => words(n)));
  return words(text).every((w) => nameWords.has(w) || FILLER.has(w));
}

/** "xã Chiềng Lao" / "Chiềng Lao commune", from a unit or a stored unit name. */
export function unitLabel(turn: Turn, unit: Unit | string): string {
  const found = typeof unit === 'string' ? turn.ctx.content.units.get(unit) : unit;
  if (!found) return typeof unit === 'string' ? unit : unit.name;
  return turn.t(`unit.${found.kind}`, { name: found.name });
}

/** "huyện Mường La" for a plain former-district name; "TP Sơn La" and "TX Mộc Châu" stay as they are. */
export function districtLabel(turn: Turn, district: string): string {
  const f = fold(district);
  const hasKind = /^(tp|thanh pho|tx|thi xa|huyen) /.test(f);
  return hasKind ? district : turn.t('unit.district', { name: district });
}
