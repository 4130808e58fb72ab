/**
 * What `hoaban import directory` would do to the content in the database, worked out before writing:
 * the counts for --dry-run and the content check of the result, so a bad result is never stored.
 */
import { type CheckResult, checkContent } from '../check.ts';
import type { ContentData } from '../index.ts';
import type { Service } from '../types.ts';

/** The counts of an import and the check of the content it would leave. */
export interface DirectoryPlan {
  added: number;
  updated: number;
  removed: number;
  check: CheckResult;
}

/**
 * Merges the file's services into the current content: same id updates, new id adds; with replace,
 * every other service goes except the shipped ones (kept by id).
 */
export function planDirectoryImport(
  current: ContentData,
  incoming: readonly Service[],
  opts: { replace: boolean; shippedIds: ReadonlySet<string>; today: Date },
): DirectoryPlan {
  const ids = new Set(incoming.map((s) => s.id));
  const kept = current.services.filter((s) => !ids.has(s.id) && (!opts.replace || opts.shippedIds.has(s.id)));
  const updated = current.services.filter((s) => ids.has(s.id)).length;
  return {
    added: incoming.length - updated,
    updated,
    removed: current.services.length - kept.length - updated,
    check: checkContent({ ...current, services: [...kept, ...incoming] }, opts.today),
  };
}
