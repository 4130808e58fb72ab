/**
 * The columns of the province's directory CSV (`hoaban import directory`): one list that the parser,
 * the --help text and the README share, so the documentation cannot drift from what is accepted.
 */

/** Column name, whether it must be filled, and what goes in it. */
export const DIRECTORY_COLUMNS = [
  ['id', false, 'stable id; empty: made from kind, unit and name_vi (e.g. shelter:chieng-lao:nha-an-toan)'],
  [
    'kind',
    true,
    'hotline | police | trusted_address | shelter | social_work | health | legal_aid | womens_union | emergency | commune_authority',
  ],
  ['name_vi', true, 'name in Vietnamese'],
  ['name_en', true, 'name in English'],
  ['unit', false, 'commune or ward after 1/7/2025, diacritics optional (chieng lao); empty: province-wide'],
  ['former_district', false, 'former district (Mường La); filled from unit when empty'],
  ['phone', false, 'the number residents call: digits and spaces (dots and dashes are tidied)'],
  ['hours_vi', false, 'opening hours in Vietnamese (with hours_en)'],
  ['hours_en', false, 'opening hours in English (with hours_vi)'],
  ['address', false, 'street address'],
  ['address_public', false, 'yes | no (empty: no); never yes for shelter and trusted_address'],
  ['lat', false, 'latitude, e.g. 21.3256 (with lon): finds the place from a shared location'],
  ['lon', false, 'longitude, e.g. 103.9188 (with lat)'],
  ['note_vi', false, 'what residents get there, in Vietnamese (with note_en)'],
  ['note_en', false, 'the same in English (with note_vi)'],
  ['languages', false, 'languages spoken, separated by ";" (vi;thai;hmong); empty: vi'],
  ['source', true, 'who confirmed the entry (office, document or link)'],
  ['confirmed', true, 'date it was last confirmed, YYYY-MM-DD or DD/MM/YYYY; hidden after 12 months'],
] as const;

/** One column's name. */
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number][0];

/** Names of all accepted columns, in the documented order. */
export const COLUMN_NAMES: readonly string[] = DIRECTORY_COLUMNS.map(([name]) => name);

/** Columns a file must have (the others may be left out of the header altogether). */
export const REQUIRED_COLUMNS: readonly string[] = DIRECTORY_COLUMNS.filter(([, req]) => req).map(
  ([name]) => name,
);

/** The column list as aligned text lines, for --help and the README. */
export function describeColumns(): string {
  const width = Math.max(...COLUMN_NAMES.map((n) => n.length)) + 2;
  return DIRECTORY_COLUMNS.map(
    ([name, req, doc]) => `  ${name.padEnd(width)}${req ? 'required. ' : ''}${doc}`,
  ).join('\n');
}
