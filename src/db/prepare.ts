/**
 * Brings a database to a usable state: migrations, then the shipped content on a new database.
 * Officers' later edits are never overwritten by a restart.
 */
import { loadSeedContent } from '../content/index.ts';
import type { Database } from './client.ts';
import { type ContentData, contentIsEmpty, loadContent, replaceContent } from './queries/content.ts';

/** Migrates, seeds an empty database, and returns the content now in it. */
export async function prepareDatabase(
  database: Database,
): Promise<{ content: ContentData; seeded: boolean }> {
  await database.migrate();
  let seeded = false;
  if (await contentIsEmpty(database.db)) {
    await replaceContent(database.db, loadSeedContent());
    seeded = true;
  }
  return { content: await loadContent(database.db), seeded };
}
