/**
 * Parsers for the directory CSV's cells: each returns the clean value or throws a FieldError whose
 * message an officer can act on (what was written, what is expected).
 */
import { fold } from '../normalize.ts';
import type { Unit } from '../types.ts';
import type { UnitLookup } from '../units.ts';

/** A cell that cannot be read; the caller adds the line and column. */
export class FieldError extends Error {}

/** A date YYYY-MM-DD, also accepting DD/MM/YYYY as spreadsheets in Viet Nam write it. */
export function parseDate(text: string): string {
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}` : text;
  const time = new Date(`${iso}T00:00:00Z`);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(time.getTime()) && time.toISOString().startsWith(iso);
  if (!ok) throw new FieldError(`"${text}" is not a date: write YYYY-MM-DD, e.g. 2026-11-29`);
  return iso;
}

/** A phone number kept as written but with dots, dashes and brackets turned into spaces. */
export function parsePhone(text: string): string {
  const clean = text
    .replace(/[.\-()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const digits = clean.replace(/\D/g, '');
  if (!/^\+?[\d ]+$/.test(clean) || digits.length < 3 || digits.length > 12) {
    throw new FieldError(`"${text}" is not a phone number: digits and spaces only, 3 to 12 digits`);
  }
  return clean;
}

/** A coordinate in decimal degrees; a decimal comma (21,3256) is accepted. */
export function parseCoordinate(text: string, min: number, max: number): number {
  const n = Number(text.replace(',', '.'));
  if (!/^-?\d+([.,]\d+)?$/.test(text) || !Number.isFinite(n)) {
    throw new FieldError(`"${text}" is not a number of degrees such as 21.3256`);
  }
  if (n < min || n > max) throw new FieldError(`${text} is outside Viet Nam (${min} to ${max})`);
  return n;
}

/** yes / no, empty meaning no. */
export function parseYesNo(text: string): boolean {
  const v = text.toLowerCase();
  if (v === '' || v === 'no') return false;
  if (v === 'yes') return true;
  throw new FieldError(`"${text}" must be yes or no`);
}

/** Language codes separated by ";" (or ","), lower-cased; empty means Vietnamese only. */
export function parseLanguages(text: string): string[] {
  const list = text
    .split(/[;,]/)
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((l) => !/^[a-z][a-z-]{1,19}$/.test(l));
  if (bad.length) throw new FieldError(`"${bad.join(', ')}" is not a language code such as vi, thai, hmong`);
  return list.length ? [...new Set(list)] : ['vi'];
}

const PREFIX = /^(xa|phuong|thi tran|tt)\s+/;

/**
 * The exact name of a commune or ward typed with or without diacritics or a "xã"/"phường" prefix;
 * a former commune's name is refused with the unit it now belongs to.
 */
export function resolveUnit(text: string, units: readonly Unit[], lookup: UnitLookup): Unit {
  const key = fold(text).replace(PREFIX, '');
  const found = units.find((u) => fold(u.name) === key);
  if (found) return found;
  const now = [
    ...new Set(
      lookup
        .matchUnits(text)
        .filter((m) => m.via === 'merged')
        .map((m) => m.unit.name),
    ),
  ];
  if (now.length) {
    const names = now.map((n) => `"${n}"`).join(' or ');
    throw new FieldError(`"${text}" is a former commune, now part of ${names}: write ${names}`);
  }
  throw new FieldError(`"${text}" is not a commune or ward of Sơn La since 1/7/2025`);
}

const DISTRICT_PREFIX = /^(huyen|thanh pho|tp|thi xa|tx)\s+/;

/** The exact name of a former district ("Mường La", "huyen muong la", "TP Sơn La", "thành phố Sơn La"). */
export function resolveDistrict(text: string, districts: readonly string[]): string {
  const key = fold(text).replace(DISTRICT_PREFIX, '');
  const found = districts.find((d) => fold(d).replace(DISTRICT_PREFIX, '') === key);
  if (!found) throw new FieldError(`"${text}" is not one of the former districts: ${districts.join(', ')}`);
  return found;
}
