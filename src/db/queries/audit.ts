/** The audit log: who created, approved, sent, cancelled or changed what; no message text, no chat ids. */
import { desc } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog } from '../schema/campaigns.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  /** What was acted on, e.g. "broadcast:12", "occurrence:40", "setting:theme.2027". */
  target: string;
  details?: Record<string, unknown>;
  at: Date;
}

/** Appends one entry; call it in the same transaction as the change it records. */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...e, details: e.details ?? {} });
}

/** The latest entries, newest first. */
export async function listAudit(db: Db, limit = 100) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
