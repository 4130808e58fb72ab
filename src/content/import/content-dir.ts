/**
 * Reads an exported content directory back for `hoaban import content`: the same zod schemas as the
 * shipped files, then the content check, so nothing reaches the database unless all of it is sound.
 */
import { type CheckResult, checkContent } from '../check.ts';
import { type ContentData, loadSeedContent } from '../index.ts';

/** The content of a directory when it is sound, or every reason it is not. */
export type ContentDirResult =
  | { ok: true; data: ContentData; check: CheckResult }
  | { ok: false; errors: string[]; warnings: string[] };

/** Validates faq.json, services.json and units.json in dir; never throws for bad content. */
export function readContentDir(dir: string, today: Date): ContentDirResult {
  let data: ContentData;
  try {
    data = loadSeedContent(dir);
  } catch (err) {
    return { ok: false, errors: (err as Error).message.split('\n'), warnings: [] };
  }
  const check = checkContent(data, today);
  if (check.errors.length) return { ok: false, errors: check.errors, warnings: check.warnings };
  return { ok: true, data, check };
}
