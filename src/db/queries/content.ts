/** Content tables: seeded from the shipped files on a new database, read back into a ContentIndex. */
import type { FaqNode, Service, ServiceKind, Unit } from '../../content/types.ts';
import type { Db } from '../client.ts';
import { faqNodes, services, units } from '../schema/content.ts';

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
  const [u, f, s] = await Promise.all([
    db.select().from(units).orderBy(units.name),
    db.select().from(faqNodes).orderBy(faqNodes.sortOrder, faqNodes.id),
    db.select().from(services).orderBy(services.id),
  ]);
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
