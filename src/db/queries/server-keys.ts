/**
 * Keys the service makes for itself (HMAC keys): the first replica to ask creates one at random (32
 * bytes), every replica reads the same one afterwards. They never leave the database but as an HMAC.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { serverKeys } from '../schema/accounts.ts';

/** The keys per database handle and name, read once per process. */
const cache = new WeakMap<Db, Map<string, Promise<Buffer>>>();

async function loadKey(db: Db, name: string): Promise<Buffer> {
  // ON CONFLICT DO NOTHING: two replicas starting together keep the first one's key.
  await db
    .insert(serverKeys)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing({ target: serverKeys.name });
  const [row] = await db.select().from(serverKeys).where(eq(serverKeys.name, name));
  if (!row) throw new Error(`server key ${name} could not be stored`);
  return Buffer.from(row.value, 'base64url');
}

/**
 * The key called `name`, created on first use. Call it on the database handle itself, outside a
 * transaction, so a key made here is committed before anything made with it is stored.
 */
export function serverKey(db: Db, name: string): Promise<Buffer> {
  let keys = cache.get(db);
  if (!keys) {
    keys = new Map();
    cache.set(db, keys);
  }
  let key = keys.get(name);
  if (!key) {
    key = loadKey(db, name);
    keys.set(name, key);
    // A failed read (database down) is tried again next time rather than remembered.
    key.catch(() => keys.delete(name));
  }
  return key;
}
