/** Content tables: seeded from the shipped files on a new database, read back into a ContentIndex. */
import { and, desc, eq, gte, inArray, notInArray, sql } from 'drizzle-orm';
import { maskPersonal } from '../../content/personal.ts';
import type { FaqNode, Service, ServiceKind, Unit } from '../../content/types.ts';
import type { Db } from '../client.ts';
import { faqNodes, services, units } from '../schema/content.ts';
import { unansweredQuestions } from '../schema/stats.ts';
import { inScope } from './report-scope.ts';

export interface ContentData {
  faq: FaqNode[];
  services: Service[];
  units: Unit[];
}

const faqRow = (n: FaqNode) => ({
  id: n.id,
  parent: n.parent,
  sortOrder: n.order,
  title: n.title,
  answer: n.answer ?? null,
  citations: n.citations,
  keywords: n.keywords,
  field: n.field ?? null,
  sourceUrl: n.sourceUrl ?? null,
  reviewed: n.reviewed,
  reviewBy: n.reviewBy,
});

const serviceRow = (s: Service) => ({ ...s });

/** Replaces all content with the given data in one transaction (seed and `import content`). */
export async function replaceContent(db: Db, data: ContentData) {
  await db.transaction(async (tx) => {
    await tx.delete(faqNodes);
    await tx.delete(services);
    await tx.delete(units);
    if (data.units.length) await tx.insert(units).values(data.units);
    for (let i = 0; i < data.faq.length; i += 200) {
      await tx.insert(faqNodes).values(data.faq.slice(i, i + 200).map(faqRow));
    }
    for (let i = 0; i < data.services.length; i += 200) {
      await tx.insert(services).values(data.services.slice(i, i + 200).map(serviceRow));
    }
  });
}

/** True when no content has been seeded yet. */
export async function contentIsEmpty(db: Db): Promise<boolean> {
  return (await db.$count(units)) === 0;
}

/** Reads all content back in the shape of the seed files. */
export async function loadContent(db: Db): Promise<ContentData> {
  // One after the other: inside a transaction the three share one connection (pg refuses overlap).
  const u = await db.select().from(units).orderBy(units.name);
  const f = await db.select().from(faqNodes).orderBy(faqNodes.sortOrder, faqNodes.id);
  const s = await db.select().from(services).orderBy(services.id);
  return {
    units: u.map((r) => ({ ...r, kind: r.kind as Unit['kind'] })),
    faq: f.map((r) => ({
      id: r.id,
      parent: r.parent,
      order: r.sortOrder,
      title: r.title,
      ...(r.answer ? { answer: r.answer } : {}),
      citations: r.citations,
      keywords: r.keywords,
      ...(r.field ? { field: r.field } : {}),
      ...(r.sourceUrl ? { sourceUrl: r.sourceUrl } : {}),
      reviewed: r.reviewed,
      reviewBy: r.reviewBy,
    })),
    services: s.map(({ updatedAt: _u, ...r }) => ({ ...r, kind: r.kind as ServiceKind })),
  };
}

/** What an import of directory entries did. */
export interface ServicesImported {
  added: number;
  updated: number;
  removed: number;
}

/**
 * Adds or updates services by id in one transaction (`hoaban import directory`). With replace, every
 * other service is removed too, except the ids in keep (the entries shipped with Hoa Ban).
 */
export async function importServices(
  db: Db,
  list: Service[],
  opts: { replace?: boolean; keep?: readonly string[] } = {},
): Promise<ServicesImported> {
  return db.transaction(async (tx) => {
    const ids = list.map((s) => s.id);
    const existing = ids.length
      ? await tx.select({ id: services.id }).from(services).where(inArray(services.id, ids))
      : [];
    for (let i = 0; i < list.length; i += 200) {
      await tx
        .insert(services)
        .values(list.slice(i, i + 200).map(serviceRow))
        .onConflictDoUpdate({
          target: services.id,
          set: {
            kind: sql`excluded.kind`,
            name: sql`excluded.name`,
            unit: sql`excluded.unit`,
            formerDistrict: sql`excluded.former_district`,
            phone: sql`excluded.phone`,
            hours: sql`excluded.hours`,
            address: sql`excluded.address`,
            addressPublic: sql`excluded.address_public`,
            lat: sql`excluded.lat`,
            lon: sql`excluded.lon`,
            note: sql`excluded.note`,
            languages: sql`excluded.languages`,
            source: sql`excluded.source`,
            confirmed: sql`excluded.confirmed`,
            updatedAt: sql`now()`,
          },
        });
    }
    let removed = 0;
    if (opts.replace) {
      const keep = [...new Set([...ids, ...(opts.keep ?? [])])];
      const gone = await tx
        .delete(services)
        .where(keep.length ? notInArray(services.id, keep) : undefined)
        .returning({ id: services.id });
      removed = gone.length;
    }
    return { added: list.length - existing.length, updated: existing.length, removed };
  });
}

/**
 * A cheap fingerprint of the content tables (row counts, last update, units digest): the running
 * service compares it, e.g. every minute, and rebuilds its index only when officers changed something.
 */
export async function contentVersion(db: Db): Promise<string> {
  const res = await db.execute(sql`select
    (select count(*) from faq_nodes)::text || '@' || coalesce((select max(updated_at) from faq_nodes)::text, '-')
    || ';' || (select count(*) from services)::text || '@' || coalesce((select max(updated_at) from services)::text, '-')
    || ';' || coalesce((select md5(string_agg(name || '|' || kind || '|' || former_district || '|' || merged_from::text, ',' order by name)) from units), '-')
    as version`);
  return String((res as unknown as { rows: Array<{ version: string }> }).rows[0]?.version);
}

/** Serialises officers' content edits, so each one is checked against the content it replaces. */
export async function lockContentEdits(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7072001)`);
}

/**
 * Writes one FAQ node (insert or full update) and bumps its updated_at, which changes contentVersion
 * so every replica rebuilds its search index.
 */
export async function saveFaqNode(db: Db, node: FaqNode): Promise<void> {
  const row = faqRow(node);
  const { id: _id, ...set } = row;
  await db
    .insert(faqNodes)
    .values(row)
    .onConflictDoUpdate({ target: faqNodes.id, set: { ...set, updatedAt: sql`now()` } });
}

/** Deletes one FAQ node; true when it existed. */
export async function deleteFaqNode(db: Db, id: string): Promise<boolean> {
  return (await db.delete(faqNodes).where(eq(faqNodes.id, id)).returning({ id: faqNodes.id })).length > 0;
}

/** Writes one directory entry (insert or full update), bumping updated_at for contentVersion. */
export async function saveService(db: Db, service: Service): Promise<void> {
  const { id: _id, ...set } = serviceRow(service);
  await db
    .insert(services)
    .values(serviceRow(service))
    .onConflictDoUpdate({ target: services.id, set: { ...set, updatedAt: sql`now()` } });
}

/** Deletes one directory entry; true when it existed. */
export async function deleteService(db: Db, id: string): Promise<boolean> {
  return (await db.delete(services).where(eq(services.id, id)).returning({ id: services.id })).length > 0;
}

/** One question the FAQ could not answer, as officers see it (no chat id is ever kept). */
export interface UnansweredQuestion {
  id: number;
  text: string;
  locale: string;
  /** The commune/ward the chat had chosen, or null. */
  unit: string | null;
  /** The day it was asked (UTC), the only time kept for officers. */
  day: string;
}

/**
 * Questions asked since `since`, newest first, of the communes/wards in `scope` (undefined: the whole
 * province, questions without a commune included; a scoped account never sees those). Texts are
 * masked again on the way out, for questions kept before masking was done when storing them.
 */
export async function listUnanswered(
  db: Db,
  since: Date,
  scope: string[] | undefined,
  limit = 200,
): Promise<UnansweredQuestion[]> {
  const rows = await db
    .select()
    .from(unansweredQuestions)
    .where(and(gte(unansweredQuestions.createdAt, since), inScope(unansweredQuestions.unit, scope)))
    .orderBy(desc(unansweredQuestions.createdAt), desc(unansweredQuestions.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    text: maskPersonal(r.text),
    locale: r.locale,
    unit: r.unit,
    day: r.createdAt.toISOString().slice(0, 10),
  }));
}

/** Removes an unanswered question once it has been answered; true when it was there. */
export async function deleteUnanswered(db: Db, id: number): Promise<boolean> {
  const gone = await db
    .delete(unansweredQuestions)
    .where(eq(unansweredQuestions.id, id))
    .returning({ id: unansweredQuestions.id });
  return gone.length > 0;
}
