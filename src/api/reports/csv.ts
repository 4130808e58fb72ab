/**
 * One report table as CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese), comma-separated,
 * CRLF line ends, every text field quoted when it needs to be (RFC 4180).
 */
import { guardFormula } from '../../content/import/spreadsheet.ts';
import type { Cell, Table } from './tables.ts';

/** The byte-order mark Excel needs to read the file as UTF-8. */
export const BOM = '\uFEFF';

/** A field as CSV; a text that a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
function field(v: Cell): string {
  if (typeof v === 'number') return String(v);
  const safe = guardFormula(v);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The table with its header row, ready to send. */
export function tableCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(field).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
