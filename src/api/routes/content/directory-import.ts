import { csvRecords, parseDirectoryCsv } from '../../../content/import/directory-csv.ts';
import type { Service } from '../../../content/types.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import { importServices, loadContent } from '../../../db/queries/content.ts';
import type { Actor } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { guardEntry, importDetails } from './directory-guard.ts';
import { mayEdit } from './directory-view.ts';
import { newErrors } from './directory-write.ts';
import { editContent, nowOf, Refused } from './shared.ts';

/** What an import did or would do. */
export interface ImportReport {
  dryRun: boolean;
  ok: boolean;
  errors: string[];
  warnings: string[];
  added: number;
  updated: number;
}

/** The line each data row starts on, read as the import's parser reads the file. */
function rowLines(text: string): number[] {
  return csvRecords(text)
    .slice(1)
    .map((r) => r.line);
}

/** Lines of the rows that gave a service: every data row, less those with an error. */
function serviceLines(text: string, errors: string[]): number[] {
  const bad = new Set(errors.map((e) => Number(/^line (\d+):/.exec(e)?.[1])));
  try {
    return rowLines(text).filter((l) => !bad.has(l));
  } catch {
    return [];
  }
}

/**
 * Checks (and unless dryRun, imports) a CSV file on behalf of `actor`; a row that would make a
 * confidential address public (directory-guard.ts) makes the whole import a 403.
 */
export async function importCsv(
  deps: AppDeps,
  actor: Actor,
  text: string,
  opts: { dryRun: boolean; shipped: ReadonlySet<string> },
): Promise<ImportReport> {
  const today = nowOf(deps);
  const content = deps.bot.content();
  return editContent(deps, async (db) => {
    const before = await loadContent(db);
    const parsed = parseDirectoryCsv(text, { units: before.units, shippedIds: opts.shipped, today });
    const lines = serviceLines(text, parsed.errors);
    const errors = [...parsed.errors];
    const stored = new Map(before.services.map((s) => [s.id, s]));
    let refused = false;
    const changed: Record<string, string[]> = {};
    const incoming: Service[] = parsed.services.map((s, i) => {
      const line = lines[i] ?? '?';
      const old = stored.get(s.id);
      if (!mayEdit(actor, s, content) || (old && !mayEdit(actor, old, content))) {
        errors.push(`line ${line}: unit: outside the communes and wards of this account`);
      }
      const guarded = guardEntry(actor, s, old);
      for (const r of guarded.refused) errors.push(`line ${line}: ${r}`);
      refused ||= guarded.refused.length > 0;
      if (guarded.fields.length) changed[s.id] = guarded.fields;
      return guarded.service;
    });
    errors.sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    const ids = new Set(incoming.map((s) => s.id));
    const updated = before.services.filter((s) => ids.has(s.id)).length;
    const counts = { added: incoming.length - updated, updated };
    if (!errors.length) {
      const after = { ...before, services: [...before.services.filter((s) => !ids.has(s.id)), ...incoming] };
      errors.push(...newErrors(before, after, today));
    }
    const report = {
      dryRun: opts.dryRun,
      ok: errors.length === 0,
      errors,
      warnings: parsed.warnings,
      ...counts,
    };
    if (opts.dryRun) return report;
    if (errors.length) throw new Refused(refused ? 403 : 400, errors, parsed.warnings);
    await importServices(db, incoming);
    await recordAudit(db, {
      actor: actor.id,
      action: 'directory.import',
      target: 'directory',
      details: importDetails(counts, changed),
      at: today,
    });
    return report;
  });
}
