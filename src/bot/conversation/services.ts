/**
 * Renders directory services for a resident: name, phone, hours, and the address only when it is
 * public. Shelter addresses are confidential (Law 13/2022 Art 9, docs/SOURCES.md): by phone only.
 */
import { CONFIDENTIAL_KINDS, locationPublic } from '../../content/directory.ts';
import type { Service } from '../../content/types.ts';
import type { PhoneRef } from '../types.ts';
import type { Turn } from './context.ts';

/** Whether an address may appear in a reply: public and not a shelter's (locationPublic), and given. */
export function addressShown(service: Service): boolean {
  return locationPublic(service) && Boolean(service.address);
}

/** Text lines and tappable phone numbers for a list of services. */
export function renderServices(
  turn: Turn,
  services: readonly Service[],
  km?: readonly number[],
): { text: string; phones: PhoneRef[] } {
  const loc = turn.locale;
  const blocks = services.map((s, i) => {
    // A name that already carries its number ("Tổng đài … 111") is not followed by it again.
    const head =
      s.phone && !s.name[loc].replace(/\s/g, '').includes(s.phone.replace(/\s/g, ''))
        ? turn.t('dir.serviceWithPhone', { name: s.name[loc], phone: s.phone })
        : `• ${s.name[loc]}`;
    // A distance is shown only for a place whose location is public: for a shelter it would tell
    // anyone sharing made-up positions where it is. nearest() never ranks those; this is the backstop.
    const dist = locationPublic(s) ? km?.[i] : undefined;
    const lines = [
      dist === undefined ? head : `${head} ${turn.t('dir.km', { km: dist < 1 ? '< 1' : Math.round(dist) })}`,
    ];
    if (s.note) lines.push(`  ${s.note[loc]}`);
    if (s.hours) lines.push(`  ${turn.t('dir.hours', { hours: s.hours[loc] })}`);
    if (addressShown(s)) lines.push(`  ${turn.t('dir.address', { address: s.address })}`);
    else if (s.address || CONFIDENTIAL_KINDS.has(s.kind)) {
      lines.push(`  ${turn.t(s.phone ? 'dir.addressByPhone' : 'dir.addressAskCommune')}`);
    }
    return lines.join('\n');
  });
  const phones = services.flatMap((s) => (s.phone ? [{ number: s.phone, label: s.name[loc] }] : []));
  return { text: blocks.join('\n'), phones };
}

/** The national numbers every referral ends with, so nobody leaves without 113. */
export function emergencyFooter(turn: Turn): { text: string; phones: PhoneRef[] } {
  return {
    text: turn.t('dir.footer'),
    phones: [
      { number: '113', label: turn.t('phone.police') },
      { number: '111', label: turn.t('phone.child') },
    ],
  };
}

/** Drops repeated numbers (a service may list 113 too) while keeping the first label. */
export function uniquePhones(phones: readonly PhoneRef[]): PhoneRef[] {
  const seen = new Set<string>();
  return phones.filter((p) => {
    const key = p.number.replace(/\D/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The kinds of place a referral listed, for the anonymous count: distinct, sorted, comma-separated,
 * or "none" when only the national numbers were given. Never a name, an address or a number.
 */
export function referralKinds(services: readonly Service[]): string {
  const kinds = [...new Set(services.map((s) => s.kind))].sort();
  return kinds.length > 0 ? kinds.join(',') : 'none';
}

/** Services worth listing as help nearby: the emergency numbers are already in every footer. */
export function helpServices(services: readonly Service[], limit = 6): Service[] {
  return services.filter((s) => s.kind !== 'emergency').slice(0, limit);
}
