/**
 * Creating, changing and deleting FAQ nodes in one transaction each, checked against the content
 * they replace and audited (the node id only, never the answer's text).
 */
import type { FaqNode } from '../../../content/types.ts';
import type { Db } from '../../../db/client.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import { deleteFaqNode, loadContent, saveFaqNode } from '../../../db/queries/content.ts';
import type { Actor } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { type FaqBody, newNodeId, nodeFrom } from './faq-body.ts';
import { checkFaqEdit } from './faq-rules.ts';
import { editContent, nowOf, Refused } from './shared.ts';

/** What a write gives back: the node as stored and what the officer should look at. */
export interface FaqWritten {
  node: FaqNode;
  warnings: string[];
}

/**
 * Creates a node (id undefined) or replaces node `id`, refusing with every problem and writing
 * nothing when the checks fail. `also` runs in the same transaction (e.g. removing the question).
 */
export async function writeFaqNode(
  deps: AppDeps,
  actor: Actor,
  id: string | undefined,
  body: FaqBody,
  also?: (db: Db) => Promise<void>,
): Promise<FaqWritten> {
  const today = nowOf(deps);
  return editContent(deps, async (db) => {
    const before = await loadContent(db);
    const stored = id === undefined ? undefined : before.faq.find((n) => n.id === id);
    if (id !== undefined && !stored) throw new Refused(404, [`no FAQ node "${id.slice(0, 120)}"`]);
    const taken = new Set(before.faq.map((n) => n.id));
    const nodeId = id ?? body.id ?? newNodeId(body.parent, body.title.vi, taken);
    if (id === undefined && taken.has(nodeId))
      throw new Refused(409, [`faq ${nodeId}: the id is already used`]);
    const siblings = before.faq.filter((n) => n.parent === body.parent);
    const order = siblings.reduce((max, n) => Math.max(max, n.order + 1), 0);
    const node = nodeFrom(body, nodeId, stored, today, order);
    const verdict = checkFaqEdit(before, node, today);
    if (verdict.errors.length) throw new Refused(400, verdict.errors, verdict.warnings);
    await saveFaqNode(db, node);
    await also?.(db);
    await recordAudit(db, {
      actor: actor.id,
      action: stored ? 'faq.update' : 'faq.create',
      target: `faq:${node.id}`,
      at: today,
    });
    return { node, warnings: verdict.warnings };
  });
}

/** Deletes a leaf node (a topic with children is refused with 409). */
export async function removeFaqNode(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  const today = nowOf(deps);
  await editContent(deps, async (db) => {
    const { faq } = await loadContent(db);
    if (!faq.some((n) => n.id === id)) throw new Refused(404, [`no FAQ node "${id.slice(0, 120)}"`]);
    const children = faq.filter((n) => n.parent === id).length;
    if (children)
      throw new Refused(409, [`faq ${id}: has ${children} child nodes; delete or move them first`]);
    await deleteFaqNode(db, id);
    await recordAudit(db, { actor: actor.id, action: 'faq.delete', target: `faq:${id}`, at: today });
  });
}
