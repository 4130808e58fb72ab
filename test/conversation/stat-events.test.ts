import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import { referralKinds } from '../../src/bot/conversation/services.ts';
import type { Effect, Inbound, SessionState, SubscriberView } from '../../src/bot/types.ts';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import type { ContentIndex, Service, ServiceKind } from '../../src/content/types.ts';
import { content, contentWithShelter, SHELTER_AT, SHELTER_UNIT } from './content.ts';
import { i18n, NOW } from './harness.ts';

type Stat = Extract<Effect, { type: 'stat' }>;
const stats = (effects: Effect[]) => effects.filter((e): e is Stat => e.type === 'stat');
const text = (t: string): Inbound => ({ channel: 'telegram', chatId: 'c1', kind: 'text', text: t });
const run = (
  inbound: Inbound,
  o: { session?: SessionState; subscriber?: SubscriberView | null; content?: ContentIndex } = {},
) =>
  handleTurn(
    { content: o.content ?? content, i18n, now: NOW },
    { session: o.session ?? null, subscriber: o.subscriber ?? null },
    inbound,
  );

/** Every directory kind a resident can be referred to (emergency numbers are in every footer instead). */
const REFERRED: ServiceKind[] = [
  'hotline',
  'police',
  'trusted_address',
  'shelter',
  'social_work',
  'health',
  'legal_aid',
  'womens_union',
  'commune_authority',
];
const LONELY = { lat: 21.3, lon: 103.5 };

/** The seed content plus one place of `kind` in an otherwise empty spot (for shared locations). */
function contentWith(kind: ServiceKind): ContentIndex {
  const seed = loadSeedContent();
  const place: Service = {
    id: `test-${kind}`,
    kind,
    name: { vi: `Nơi thử ${kind}`, en: `Test ${kind}` },
    unit: null,
    formerDistrict: null,
    phone: '0212 000 0000',
    hours: null,
    address: null,
    addressPublic: false,
    ...LONELY,
    note: null,
    languages: ['vi'],
    source: 'test',
    confirmed: '2026-01-01',
  };
  return buildContentIndex({ ...seed, services: [place, ...seed.services] }, { today: NOW });
}

describe('what each referral reply records: its kinds of place, never a name, address or number', () => {
  const cases: Array<{
    name: string;
    inbound: Inbound;
    session?: SessionState;
    content?: ContentIndex;
    unit: string | null;
    detail: string;
  }> = [
    {
      name: 'a unit named while the bot waits for a place',
      inbound: text('chieng lao'),
      session: { awaiting: 'unit_for_directory' },
      unit: 'Chiềng Lao',
      detail: 'commune_authority,hotline,police,trusted_address,womens_union',
    },
    {
      name: 'a help request naming the place (a unit without a trusted address)',
      inbound: text('tìm nơi hỗ trợ ở phường Tô Hiệu'),
      unit: 'Tô Hiệu',
      detail: 'commune_authority,hotline,police,womens_union',
    },
    {
      name: 'the directory button with a known unit',
      inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'menu:directory' },
      session: { unit: 'Tô Hiệu' },
      unit: 'Tô Hiệu',
      detail: 'commune_authority,hotline,police,womens_union',
    },
    // A confidential shelter is never found by a shared position (that would tell where it is): it
    // is given with its commune's list, here the commune the chat already named.
    {
      name: 'a shared location near a confidential shelter, the commune known: its list, with the shelter',
      inbound: { channel: 'telegram', chatId: 'c1', kind: 'location', ...SHELTER_AT },
      session: { unit: SHELTER_UNIT },
      content: contentWithShelter(),
      unit: SHELTER_UNIT,
      detail: expect.stringContaining('shelter') as unknown as string,
    },
    {
      name: 'a shared location near a confidential shelter, no commune known: the national lines only',
      inbound: { channel: 'telegram', chatId: 'c1', kind: 'location', ...SHELTER_AT },
      content: contentWithShelter(),
      unit: null,
      detail: 'hotline',
    },
    {
      name: 'a shared location far from every public place: the known unit’s list, counted under it',
      inbound: { channel: 'telegram', chatId: 'c1', kind: 'location', lat: -33.9, lon: 18.4 },
      session: { unit: 'Mường Bú' },
      unit: 'Mường Bú',
      detail: 'commune_authority,hotline,police,trusted_address,womens_union',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = run(c.inbound, { session: c.session, content: c.content });
      expect(stats(r.effects)).toEqual([{ type: 'stat', kind: 'referral', unit: c.unit, detail: c.detail }]);
    });
  }

  for (const kind of REFERRED) {
    it(`a shared location whose nearest place is a ${kind} records "${kind}"`, () => {
      const r = run(
        { channel: 'telegram', chatId: 'c1', kind: 'location', ...LONELY },
        { content: contentWith(kind) },
      );
      const [stat] = stats(r.effects);
      expect(stat?.kind).toBe('referral');
      expect(stat?.detail?.split(',')).toContain(kind);
      // Kinds only: no digit (phone), no name, no address can hide in the detail.
      expect(stat?.detail).toMatch(/^[a-z_]+(,[a-z_]+)*$/);
      expect(stat?.detail?.split(',').every((k) => (REFERRED as string[]).includes(k))).toBe(true);
    });
  }

  it('a reply listing no place (only the national numbers) records "none"; kinds are sorted and distinct', () => {
    expect(referralKinds([])).toBe('none');
    const place = (kind: ServiceKind) => ({ ...(content.directory.national()[0] as Service), kind });
    expect(referralKinds([place('shelter'), place('health'), place('shelter')])).toBe('health,shelter');
  });
});

describe('the unit every counted question and leaving carries', () => {
  const subscriber: SubscriberView = { subscribed: true, locale: 'vi', unit: 'Tô Hiệu' };
  const faqLeaf = content.faq.children(content.faq.children(null)[0]?.id ?? null)[0];
  const cases: Array<{
    name: string;
    inbound: Inbound;
    session?: SessionState;
    subscriber?: SubscriberView | null;
    kind: string;
    unit: string | null;
  }> = [
    {
      name: 'typed question, subscriber',
      inbound: text('nghỉ thai sản mấy tháng'),
      subscriber,
      kind: 'faq_search',
      unit: 'Tô Hiệu',
    },
    {
      name: 'typed question, the subscriber’s unit wins over the chat’s',
      inbound: text('nghỉ thai sản mấy tháng'),
      subscriber,
      session: { unit: 'Chiềng Lao' },
      kind: 'faq_search',
      unit: 'Tô Hiệu',
    },
    {
      name: 'typed question, not subscribed: the unit named in the chat',
      inbound: text('nghỉ thai sản mấy tháng'),
      session: { unit: 'Chiềng Lao' },
      kind: 'faq_search',
      unit: 'Chiềng Lao',
    },
    {
      name: 'typed question, nothing known',
      inbound: text('nghỉ thai sản mấy tháng'),
      kind: 'faq_search',
      unit: null,
    },
    {
      name: 'unanswered question',
      inbound: text('giá vé máy bay đi Hà Nội bao nhiêu'),
      session: { unit: 'Chiềng Lao' },
      kind: 'faq_unanswered',
      unit: 'Chiềng Lao',
    },
    { name: 'unsubscribe', inbound: text('/unsubscribe'), subscriber, kind: 'unsubscribe', unit: 'Tô Hiệu' },
    {
      name: 'delete my data',
      inbound: text('/deletedata'),
      subscriber,
      kind: 'delete_data',
      unit: 'Tô Hiệu',
    },
    {
      name: 'delete my data, not subscribed: the unit named in the chat',
      inbound: text('/deletedata'),
      session: { unit: 'Chiềng Lao' },
      kind: 'delete_data',
      unit: 'Chiềng Lao',
    },
  ];
  if (faqLeaf) {
    const leaf = content.faq.children(faqLeaf.id)[0] ?? faqLeaf;
    cases.push({
      name: 'an answer chosen from the menu',
      inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: `faq:${leaf.id}` },
      subscriber,
      kind: 'faq_answer',
      unit: 'Tô Hiệu',
    });
  }
  for (const c of cases) {
    it(c.name, () => {
      const r = run(c.inbound, { session: c.session, subscriber: c.subscriber ?? null });
      const [stat] = stats(r.effects);
      expect(stat).toMatchObject({ kind: c.kind, unit: c.unit });
      expect(stat).not.toHaveProperty('detail');
      // Nothing in a stat event can name the chat.
      expect(JSON.stringify(stat)).not.toContain('c1');
    });
  }

  it('an emergency stays a count with its unit only', () => {
    const r = run(text('chồng tôi đang đánh tôi'), { subscriber });
    expect(stats(r.effects)).toEqual([{ type: 'stat', kind: 'emergency', unit: 'Tô Hiệu' }]);
  });
});
