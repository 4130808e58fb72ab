/**
 * What the API shows of a broadcast: the README's {id, status, counts} (rows being sent count as
 * pending: not yet resolved), plus what the console needs to show it. Never a chat id.
 */
import type { DeliveryCounts } from '../../../db/queries/broadcasts.ts';
import type { BroadcastRow } from '../../../db/schema/broadcasts.ts';

/** The counts the README names: total, pending (incl. sending), sent, failed, skipped, unknown. */
export function publicCounts(c: DeliveryCounts) {
  return {
    total: c.total,
    pending: c.pending + c.sending,
    sent: c.sent,
    failed: c.failed,
    skipped: c.skipped,
    unknown: c.unknown,
  };
}

/** True once nothing more will happen to a broadcast on its own (the progress stream ends). */
export const isFinal = (status: string) => status === 'done' || status === 'cancelled';

/** A broadcast as the API returns it (list and detail). */
export function broadcastView(b: BroadcastRow, counts: DeliveryCounts) {
  return {
    id: b.id,
    status: b.status,
    counts: publicCounts(counts),
    message: b.message,
    media: b.media ?? undefined,
    audience: b.audience,
    paid: b.paid,
    sendAt: b.sendAt?.toISOString() ?? null,
    occurrenceId: b.occurrenceId ?? undefined,
    createdBy: b.createdBy,
    createdAt: b.createdAt.toISOString(),
    approvedBy: b.approvedBy ?? undefined,
    approvedAt: b.approvedAt?.toISOString() ?? undefined,
    startedAt: b.startedAt?.toISOString() ?? undefined,
    finishedAt: b.finishedAt?.toISOString() ?? undefined,
    cancelledBy: b.cancelledBy ?? undefined,
    cancelledAt: b.cancelledAt?.toISOString() ?? undefined,
  };
}
