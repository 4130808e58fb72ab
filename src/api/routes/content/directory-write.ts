/**
 * Changes to the directory, each in one transaction with its audit entry (naming the fields changed):
 * an entry read with the CSV import's own row reader (so the form and the file obey the same rules),
 * the confidential-address guard (directory-guard.ts), the scope and shipped-entry rules, then the
 * content check of the result; nothing is written on any problem.
 */
import { checkContent } from '../../../content/check.ts';
import { readRow } from '../../../content/import/directory-row.ts';
import type { ContentData } from '../../../content/index.ts';
import type { ContentIndex, Service } from '../../../content/types.ts';
import { UnitLookup } from '../../../content/units.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import { deleteService, loadContent, saveService } from '../../../db/queries/content.ts';
import type { Actor } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { guardEntry } from './directory-guard.ts';
import { mayEdit, toColumns } from './directory-view.ts';
import { editContent, nowOf, Refused } from './shared.ts';

/** A form's cells: CSV column names with text (numbers and yes/no booleans are accepted too). */
export type Cells = Record<string, string | number | boolean | null | undefined>;

/** The errors `after` has that `before` had not (problems already there are not blamed on an edit). */
export function newErrors(before: ContentData, after: ContentData, today: Date): string[] {
  const was = new Set(checkContent(before, today).errors);
  return checkContent(after, today).errors.filter((e) => !was.has(e));
}

/** Reads a form into an entry with the CSV row reader; problems as "column: message". */
function entryFrom(cells: Cells, data: ContentData, today: Date) {
  const text = (c: string) => {
    const v = cells[c];
    if (v === undefined || v === null) return '';
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return String(v).trim();
  };
  const lookup = new UnitLookup(data.units);
  const env = { units: data.units, lookup, districts: lookup.formerDistricts(), today };
  const { service, problems } = readRow(text, 1, env);
  return { service, problems: problems.map((p) => p.replace(/^line 1: /, '')) };
}

/** Creates (id undefined) or replaces entry `id` from form cells. */
export async function writeEntry(
  deps: AppDeps,
  actor: Actor,
  id: string | undefined,
  cells: Cells,
  shipped: ReadonlySet<string>,
): Promise<Service> {
  const today = nowOf(deps);
  const content: ContentIndex = deps.bot.content();
  return editContent(deps, async (db) => {
    const before = await loadContent(db);
    const stored = id === undefined ? undefined : before.services.find((s) => s.id === id);
    if (id !== undefined && !stored) throw new Refused(404, ['no such directory entry']);
    if (stored && (shipped.has(stored.id) || !mayEdit(actor, stored, content))) {
      throw new Refused(403, [
        shipped.has(stored.id)
          ? 'shipped with Hoa Ban: change it with import content'
          : 'outside the communes and wards of this account',
      ]);
    }
    // Cells left out keep the stored value (a form may send only what changed).
    const merged: Cells = { ...(stored ? toColumns(stored) : {}), ...cells, ...(id ? { id } : {}) };
    const read = entryFrom(merged, before, today);
    if (read.problems.length) throw new Refused(400, read.problems);
    // A new entry is checked against whatever is stored under its id too (a 409 follows).
    const existing = stored ?? before.services.find((s) => s.id === read.service.id);
    const { service, refused, fields } = guardEntry(actor, read.service, existing);
    if (refused.length) throw new Refused(403, refused);
    if (shipped.has(service.id)) throw new Refused(409, [`id: "${service.id}" is shipped with Hoa Ban`]);
    if (!stored && before.services.some((s) => s.id === service.id)) {
      throw new Refused(409, [`id: "${service.id}" is already used`]);
    }
    if (!mayEdit(actor, service, content)) {
      throw new Refused(403, ['unit: outside the communes and wards of this account']);
    }
    const after = { ...before, services: [...before.services.filter((s) => s.id !== service.id), service] };
    const errors = newErrors(before, after, today);
    if (errors.length) throw new Refused(400, errors);
    await saveService(db, service);
    await recordAudit(db, {
      actor: actor.id,
      action: stored ? 'directory.update' : 'directory.create',
      target: `service:${service.id}`,
      details: { fields },
      at: today,
    });
    return service;
  });
}

/** Deletes an entry inside the actor's scope (shipped entries are kept). */
export async function removeEntry(deps: AppDeps, actor: Actor, id: string, shipped: ReadonlySet<string>) {
  const today = nowOf(deps);
  await editContent(deps, async (db) => {
    const stored = (await loadContent(db)).services.find((s) => s.id === id);
    if (!stored) throw new Refused(404, ['no such directory entry']);
    if (shipped.has(id)) throw new Refused(403, ['shipped with Hoa Ban: change it with import content']);
    if (!mayEdit(actor, stored, deps.bot.content())) {
      throw new Refused(403, ['outside the communes and wards of this account']);
    }
    await deleteService(db, id);
    await recordAudit(db, {
      actor: actor.id,
      action: 'directory.delete',
      target: `service:${id}`,
      at: today,
    });
  });
}
