/**
 * Keys the service makes for itself: the first replica to ask creates one (32 random bytes), every
 * replica reads the same one afterwards. They never leave the database but for an HMAC.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { serverKeys } from '../schema/accounts.ts';

/** The key called `name`, created on first use (INSERT … ON CONFLICT DO NOTHING, safe across replicas). */
export async function serverKey(db: Db, name: string): Promise<Buffer> {
  await db
    .insert(serverKeys)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing({ target: serverKeys.name });
  const [row] = await db.select().from(serverKeys).where(eq(serverKeys.name, name));
  if (!row) throw new Error(`server key ${name} could not be stored`);
  return Buffer.from(row.value, 'base64url');
}
