/**
 * Referral: finds help near a resident by commune/ward name, merged former name, former district or
 * shared location, and always ends with the national emergency numbers.
 */
import type { Unit, UnitMatch } from '../../content/types.ts';
import type { Button, ChannelName, Intent } from '../types.ts';
import { button, homeButton, knownUnit, type Outcome, statUnit, type Turn } from './context.ts';
import { districtLabel, type Place, unitLabel } from './places.ts';
import { emergencyFooter, helpServices, referralKinds, renderServices, uniquePhones } from './services.ts';

/** Channels where a resident can share a location with the bot. */
const LOCATION_CHANNELS = new Set<ChannelName>(['telegram', 'zalo-oa', 'webchat']);

/** The question "where are you?", with a hint to share location where the channel can. */
export function placePrompt(turn: Turn, short = false): string {
  const canShare = LOCATION_CHANNELS.has(turn.inbound.channel);
  if (short) return turn.t(canShare ? 'emergency.askPlaceWithLocation' : 'emergency.askPlace');
  return turn.t(canShare ? 'dir.askWithLocation' : 'dir.ask');
}

/** The 12 former districts as buttons, for residents who know the old name best. */
export function districtButtons(turn: Turn): Button[] {
  return turn.ctx.content.units
    .formerDistricts()
    .map((d) => ({ id: `dir:district:${d}`, label: districtLabel(turn, d) }));
}

/** "Tìm nơi hỗ trợ": shows help for the known unit at once, otherwise asks where the resident is. */
export function directoryStart(turn: Turn, forceAsk = false): Outcome {
  const unit = knownUnit(turn);
  const found = unit ? turn.ctx.content.units.get(unit) : undefined;
  if (found && !forceAsk) return unitReferral(turn, { unit: found, via: 'name', matchedName: found.name });
  return {
    intent: 'directory',
    replies: [{ text: placePrompt(turn), buttons: [...districtButtons(turn), homeButton(turn)] }],
    session: { ...turn.session, awaiting: 'unit_for_directory', faqNode: null },
  };
}

/** The services of one unit; a merged former name is explained so nobody thinks they typed wrong. */
export function unitReferral(turn: Turn, match: UnitMatch, alsoDistrict?: string): Outcome {
  const { unit } = match;
  const area = unitLabel(turn, unit);
  const lines: string[] = [];
  if (match.via === 'merged') lines.push(turn.t('dir.merged', { old: match.matchedName, area }));
  const given = helpServices(turn.ctx.content.directory.forUnit(unit.name));
  const listed = renderServices(turn, given);
  lines.push(listed.text ? turn.t('dir.found', { area }) : turn.t('dir.nothingListed', { area }));
  if (listed.text) lines.push(listed.text);
  const footer = emergencyFooter(turn);
  lines.push(footer.text);
  const buttons: Button[] = [button(turn, 'dir:ask', 'dir.elsewhere')];
  if (alsoDistrict) {
    const label = turn.t('dir.otherUnits', { district: districtLabel(turn, alsoDistrict) });
    buttons.push({ id: `dir:district:${alsoDistrict}`, label });
  }
  buttons.push(homeButton(turn));
  return {
    intent: 'directory',
    replies: [
      { text: lines.join('\n\n'), phones: uniquePhones([...listed.phones, ...footer.phones]), buttons },
    ],
    session: { ...turn.session, unit: unit.name, awaiting: null, faqNode: null },
    effects: [{ type: 'stat', kind: 'referral', unit: unit.name, detail: referralKinds(given) }],
  };
}

/** Buttons to pick one of several units (an ambiguous name or a former district's list). */
export function chooseUnit(turn: Turn, units: readonly Unit[], text: string, intent: Intent): Outcome {
  const buttons = [
    ...units.map((u) => ({ id: `unit:${u.name}`, label: unitLabel(turn, u) })),
    homeButton(turn),
  ];
  const awaiting = turn.session.awaiting ?? 'unit_for_directory';
  return { intent, replies: [{ text, buttons }], session: { ...turn.session, awaiting } };
}

/** The units of a former district, because residents still say "huyện Mường La". */
export function districtTurn(turn: Turn, district: string, intent: Intent = 'directory'): Outcome {
  const units = turn.ctx.content.units.unitsOf(district);
  if (units.length === 0) return directoryStart(turn, true);
  const text = turn.t('dir.district', { district: districtLabel(turn, district) });
  return chooseUnit(turn, units, text, intent);
}

/** Handles a typed place while the bot waits for one: a unit, a choice, a district or "not found". */
export function placeTurn(turn: Turn, place: Place, onUnit: (m: UnitMatch, d?: string) => Outcome): Outcome {
  const intent: Intent = turn.session.awaiting === 'unit_for_subscribe' ? 'subscribe' : 'directory';
  switch (place.kind) {
    case 'unit':
      return onUnit(place.match, place.alsoDistrict);
    case 'ambiguous': {
      const text = turn.t('dir.ambiguous', { name: place.matches[0]?.matchedName ?? '' });
      return chooseUnit(
        turn,
        place.matches.map((m) => m.unit),
        text,
        intent,
      );
    }
    case 'district':
      return districtTurn(turn, place.district, intent);
    case 'none': {
      const text = `${turn.t('dir.notFound')}\n\n${placePrompt(turn)}`;
      const awaiting = turn.session.awaiting ?? 'unit_for_directory';
      return {
        intent,
        replies: [{ text, buttons: [homeButton(turn)] }],
        session: { ...turn.session, awaiting },
      };
    }
  }
}

/** How far the nearest public place may be for its commune to be taken as the resident's. */
const SAME_COMMUNE_KM = 10;

/**
 * A shared location: the nearest places whose location is public, with their distance, then the
 * commune's own list (shelters and trusted addresses with their phone; the address by phone). The
 * commune is the nearest listed place's (within SAME_COMMUNE_KM) or the one this chat already named.
 * Confidential places are never compared with the position (Directory.nearest), so nothing in the
 * reply, not a distance, an order or whether they are listed, depends on where they are. With no
 * public place near and no commune known: the hotlines and a request for the commune.
 */
export function locationTurn(turn: Turn, lat: number, lon: number): Outcome {
  const near = turn.ctx.content.directory
    .nearest(lat, lon, 8)
    .filter((n) => n.service.kind !== 'emergency')
    .slice(0, 5);
  const units = turn.ctx.content.units;
  const closeUnit = near.find((n) => n.service.unit && n.km <= SAME_COMMUNE_KM)?.service.unit;
  const unit = units.get(closeUnit ?? '') ?? (turn.session.unit ? units.get(turn.session.unit) : undefined);
  const footer = emergencyFooter(turn);
  if (!unit) {
    const given = near.length > 0 ? [] : helpServices(turn.ctx.content.directory.national());
    const listed = renderServices(
      turn,
      near.length > 0 ? near.map((n) => n.service) : given,
      near.map((n) => n.km),
    );
    const text = [
      turn.t(near.length > 0 ? 'dir.nearest' : 'dir.nearestNone'),
      listed.text,
      footer.text,
      turn.t('dir.sheltersByCommune'),
      turn.t('dir.ask'),
    ].filter(Boolean);
    const phones = uniquePhones([...listed.phones, ...footer.phones]);
    const kinds = referralKinds(near.length > 0 ? near.map((n) => n.service) : given);
    return {
      intent: 'directory',
      replies: [{ text: text.join('\n\n'), phones, buttons: [...districtButtons(turn), homeButton(turn)] }],
      session: { ...turn.session, awaiting: 'unit_for_directory' },
      effects: [{ type: 'stat', kind: 'referral', unit: statUnit(turn), detail: kinds }],
    };
  }
  const listedNear = renderServices(
    turn,
    near.map((n) => n.service),
    near.map((n) => n.km),
  );
  const shownIds = new Set(near.map((n) => n.service.id));
  const own = helpServices(turn.ctx.content.directory.forUnit(unit.name).filter((s) => !shownIds.has(s.id)));
  const listedOwn = renderServices(turn, own);
  const area = unitLabel(turn, unit);
  const text = [
    near.length > 0 ? turn.t('dir.nearest') : '',
    listedNear.text,
    turn.t(listedOwn.text ? 'dir.found' : 'dir.nothingListed', { area }),
    listedOwn.text,
    footer.text,
  ].filter(Boolean);
  const given = [...near.map((n) => n.service), ...own];
  return {
    intent: 'directory',
    replies: [
      {
        text: text.join('\n\n'),
        phones: uniquePhones([...listedNear.phones, ...listedOwn.phones, ...footer.phones]),
        buttons: [button(turn, 'dir:ask', 'dir.elsewhere'), homeButton(turn)],
      },
    ],
    session: { ...turn.session, unit: unit.name, awaiting: null },
    effects: [{ type: 'stat', kind: 'referral', unit: unit.name, detail: referralKinds(given) }],
  };
}
