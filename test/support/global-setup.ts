/**
 * Builds one migrated, seeded PGlite and dumps it, so each test file starts from a copy in well
 * under a second instead of running initdb and the migrations again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { openPglite } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { TEMPLATE_FILE, TMP_DIR } from './paths.ts';

export default async function setup() {
  mkdirSync(TMP_DIR, { recursive: true });
  const database = await openPglite(undefined);
  await prepareDatabase(database);
  const client = (database.db as unknown as { $client: { dumpDataDir(c: string): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('gzip');
  writeFileSync(TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
  await database.close();
}
