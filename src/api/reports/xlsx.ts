/**
 * A report as an XLSX workbook (exceljs): a first sheet with the period, the scope, when it was made
 * and what the figures can and cannot say, then one sheet per table with bold headers.
 */
import ExcelJS from 'exceljs';
import type { Translate } from '../console/layout.ts';
import type { Report } from './figures.ts';
import type { Table } from './tables.ts';

/** Excel's limit on sheet names, and the characters it refuses in them. */
const SHEET_NAME_MAX = 31;
const sheetName = (s: string) => s.replace(/[\\/?*[\]:]/g, ' ').slice(0, SHEET_NAME_MAX);

/** The workbook as a buffer. */
export async function reportXlsx(
  r: Report,
  tables: Table[],
  t: Translate,
  timeZone: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hoa Ban';
  wb.created = new Date(r.generatedAt);
  const info = wb.addWorksheet(sheetName(t('table.info')));
  info.columns = [{ width: 34 }, { width: 80 }];
  const generated = new Intl.DateTimeFormat('vi-VN', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(r.generatedAt));
  const rows: Array<[string, string]> = [
    [t('info.title'), ''],
    [t('info.from'), r.period.from],
    [t('info.to'), r.period.to],
    [t('info.scope'), r.scope === 'province' ? t('info.province') : r.scope.join(', ')],
    [t('info.generatedAt'), `${generated} (${timeZone})`],
    [t('info.notes'), t('info.noteReferralKind')],
    ['', t('info.noteArea')],
    ['', t('info.noteReach')],
    ['', t('info.notePeriod')],
  ];
  for (const row of rows) info.addRow(row);
  info.getRow(1).font = { bold: true, size: 14 };
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.title));
    ws.addRow(table.columns);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of table.rows) ws.addRow(row);
    ws.columns.forEach((col, i) => {
      const widest = Math.max(...[table.columns, ...table.rows].map((row) => String(row[i] ?? '').length));
      col.width = Math.min(60, Math.max(10, widest + 2));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
