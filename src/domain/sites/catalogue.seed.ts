import type { Db } from '../../db/client.js';
import { CATALOGUE } from './catalogue.data.js';

/**
 * Boot step: makes sure both site templates and their modules exist. It only adds what is missing (by key):
 * it never overwrites what the administrator renamed, reordered or retired.
 */
export async function ensureCatalogue(db: Db): Promise<void> {
  const existing = await db.siteTemplate.findMany({ select: { id: true, key: true, modules: { select: { key: true } } } });
  for (const t of CATALOGUE) {
    let template = existing.find((e) => e.key === t.key);
    if (!template) {
      const created = await db.siteTemplate.create({ data: { key: t.key, name: t.name, unitKinds: t.unitKinds } });
      template = { ...created, modules: [] };
    }
    const have = new Set(template.modules.map((m) => m.key));
    const missing = t.modules.map((m, i) => ({ m, order: i + 1 })).filter(({ m }) => !have.has(m.key));
    if (!missing.length) continue;
    await db.moduleDef.createMany({
      data: missing.map(({ m, order }) => ({
        templateId: template.id,
        key: m.key,
        title: m.title,
        section: m.section,
        sortOrder: order * 10,
        kind: m.kind,
        recordType: m.recordType ?? null,
        linkedFeature: m.linkedFeature ?? null,
        cadence: m.cadence,
        description: m.description,
      })),
      skipDuplicates: true,
    });
  }
}
