/**
 * Emergency first: when a message shows danger, the first reply is the emergency numbers with the
 * right first words, the second the nearest help. Nothing the person wrote is kept.
 */
import type { EmergencyKind } from '../../content/types.ts';
import type { PhoneRef } from '../types.ts';
import { citationWords } from './citations.ts';
import { homeButton, knownUnit, type Outcome, type Turn } from './context.ts';
import { placePrompt } from './directory.ts';
import { unitLabel } from './places.ts';
import { helpServices, renderServices, uniquePhones } from './services.ts';
import { fold, hasPhrase } from './text.ts';

type Lead =
  | 'suicide'
  | 'trafficking'
  | 'child'
  | 'strangling'
  | 'sexual'
  | 'pregnant'
  | 'threat'
  | 'violence';

/** First words per kind, most urgent first; the two most urgent are shown. */
const LEADS: ReadonlyArray<readonly [Lead, readonly EmergencyKind[]]> = [
  ['suicide', ['suicide']],
  ['trafficking', ['trafficking']],
  ['child', ['child']],
  ['strangling', ['strangling']],
  ['sexual', ['sexual_violence']],
  ['pregnant', ['pregnant']],
  ['threat', ['threat_to_kill', 'weapon', 'confined', 'followed']],
  ['violence', ['violence_now', 'general']],
];

/** Kinds where someone may be hurt and medical help (115) belongs next to the police. */
const MEDICAL = new Set<EmergencyKind>(['strangling', 'pregnant', 'suicide', 'sexual_violence', 'weapon']);
const HURT = [
  'chay mau',
  'bi thuong',
  'ngat',
  'bat tinh',
  'gay tay',
  'gay chan',
  'bleeding',
  'hurt',
  'injured',
];
const FIRE = ['chay nha', 'dang chay', 'dot nha', 'doa dot', 'tam xang', 'phong hoa', 'fire', 'burning'];

/** The numbers to call, 113 always first; 115, 111 and 114 only when they fit what was written. */
export function emergencyPhones(turn: Turn, kinds: readonly EmergencyKind[], text: string): PhoneRef[] {
  const folded = fold(text);
  const phones: PhoneRef[] = [{ number: '113', label: turn.t('phone.police') }];
  if (kinds.some((k) => MEDICAL.has(k)) || HURT.some((w) => hasPhrase(folded, w))) {
    phones.push({ number: '115', label: turn.t('phone.ambulance') });
  }
  if (kinds.includes('child')) phones.push({ number: '111', label: turn.t('phone.child') });
  if (FIRE.some((w) => hasPhrase(folded, w))) phones.push({ number: '114', label: turn.t('phone.fire') });
  return phones;
}

function leadLines(turn: Turn, kinds: readonly EmergencyKind[]): string[] {
  const leads = LEADS.filter(([, ks]) => ks.some((k) => kinds.includes(k))).map(([lead]) => lead);
  const lines = (leads.length > 0 ? leads : (['violence'] as Lead[]))
    .slice(0, 2)
    .map((l) => turn.t(`emergency.lead.${l}`));
  if (kinds.includes('no_safe_place')) {
    const cite = citationWords(turn, { law: 'PCBLGD2022', article: '22', clause: '1' });
    if (leads.length === 0) lines.length = 0;
    lines.push(turn.t('emergency.shelter', { cite }));
  }
  return lines;
}

/** Two replies: what to do now with the numbers, then the nearest help (or a request for the commune). */
export function emergencyTurn(turn: Turn, kinds: readonly EmergencyKind[], text: string): Outcome {
  const phones = emergencyPhones(turn, kinds, text);
  const numbers = phones.map((p) => `${p.number} – ${p.label}`).join('\n');
  const first = [...leadLines(turn, kinds), numbers, turn.t('emergency.calm')].join('\n\n');

  const unit = knownUnit(turn);
  const services = helpServices(
    unit ? turn.ctx.content.directory.forUnit(unit) : turn.ctx.content.directory.national(),
    4,
  );
  const listed = renderServices(turn, services);
  const nearUnit = listed.text
    ? [turn.t('emergency.nearUnit', { area: unitLabel(turn, unit ?? '') }), listed.text]
    : [turn.t('emergency.commune')];
  const second = unit
    ? nearUnit
    : [listed.text ? turn.t('emergency.national') : '', listed.text, placePrompt(turn, true)];
  const known = new Set(phones.map((p) => p.number));
  return {
    intent: 'emergency',
    replies: [
      { text: first, phones },
      {
        text: second.filter(Boolean).join('\n\n'),
        phones: uniquePhones(listed.phones.filter((p) => !known.has(p.number))),
        buttons: [homeButton(turn)],
      },
    ],
    session: { ...turn.session, awaiting: unit ? null : 'unit_for_directory', faqNode: null },
    effects: [{ type: 'stat', kind: 'emergency', unit }],
  };
}
