/** The audit log: who created, approved, sent, cancelled or changed what; no message text, no chat ids. */
import { and, desc, eq, like, lt, type SQL } from 'drizzle-orm';
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

/** Which entries to list: of one kind of action ("broadcast" = broadcast.*), by one actor, older than an id. */
export interface AuditFilter {
  limit?: number;
  /** An action's first part, e.g. "broadcast" for broadcast.create, broadcast.send… */
  action?: string;
  actor?: string;
  /** Only entries with a smaller id: the cursor of the next page. */
  before?: number;
}

/** The latest entries that match, newest first; `next` is the cursor of the following page, if any. */
export async function listAudit(db: Db, filter: AuditFilter = {}) {
  const limit = filter.limit ?? 100;
  const where: SQL[] = [];
  if (filter.action) where.push(like(auditLog.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}.%`));
  if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, next: rows.length > limit ? entries[entries.length - 1]?.id : undefined };
}
