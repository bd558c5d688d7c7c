import { CATEGORY_LABELS } from '../knowledge/knowledge.labels.js';
import { richTextToPlain as plainText } from '../content/sanitize.js';
import { recordType } from '../content/record-types.js';
import { snippet } from './query.js';

export interface Hit {
  kind: string;
  title: string;
  href: string;
  where: string;
  at: Date | null;
  snippet: string;
}

/** A found document with what its kind shows (search.sql.ts joins each kind's source for the page's rows only). */
export interface HitRow {
  kind: string;
  id: number;
  title: string;
  at: string | null;
  code: string | null;
  unitName: string | null;
  location: string | null;
  factory: string | null;
  itemKind: 'PAGE' | 'RECORD' | null;
  moduleKey: string | null;
  moduleTitle: string | null;
  recordType: string | null;
  body: string | null;
  fields: unknown;
  docNumber: string | null;
  issuer: string | null;
  category: keyof typeof CATEGORY_LABELS | null;
  answer: string | null;
}

/** One kind of thing the search finds: its filter key, its label, and how a found row is shown. */
export interface SearchKind {
  key: string;
  label: string;
  hit: (row: HitRow, terms: string[]) => Omit<Hit, 'kind' | 'title' | 'at'>;
}

/**
 * A record's fields as its page shows them, "label：value" in the record type's order (ones the type does not know,
 * values only), so a snippet reads "议题：…" rather than a bare "2026-11 1480 20 20".
 */
export function fieldText(fields: unknown, typeKey: string | null): string {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return '';
  const values = fields as Record<string, unknown>;
  const shown = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';
  const known = recordType(typeKey)?.fields ?? [];
  const labelled = known.filter((f) => shown(values[f.name])).map((f) => `${f.label}：${String(values[f.name])}`);
  const others = Object.entries(values)
    .filter(([k, v]) => !known.some((f) => f.name === k) && shown(v))
    .map(([, v]) => String(v));
  return [...labelled, ...others].join(' · ');
}

const contentHit =
  (exchange: boolean): SearchKind['hit'] =>
  (r, terms) => ({
    href: exchange ? `/exchange/${r.id}` : `/units/${r.code}/modules/${r.moduleKey}${r.itemKind === 'RECORD' ? `/records/${r.id}` : ''}`,
    where: `${r.unitName} · ${r.moduleTitle}`,
    snippet: snippet(`${plainText(r.body ?? '')} ${fieldText(r.fields, r.recordType)}`.trim(), terms),
  });

/** What the search covers, in the order of its tabs; an area adds its kind here and its source to the migration's view. */
export const SEARCH_KINDS: SearchKind[] = [
  { key: 'content', label: '页面与记录', hit: contentHit(false) },
  { key: 'exchange', label: '特色工作与经验交流', hit: contentHit(true) },
  {
    key: 'notices',
    label: '文件通知',
    hit: (r, terms) => ({
      href: `/notices/${r.id}`,
      where: [r.issuer, r.docNumber].filter(Boolean).join(' · '),
      snippet: snippet(plainText(r.body ?? ''), terms),
    }),
  },
  {
    key: 'knowledge',
    label: '党建知识',
    hit: (r, terms) => ({
      href: `/knowledge/${r.id}`,
      where: r.category ? CATEGORY_LABELS[r.category] : '',
      snippet: snippet(r.body ?? '', terms),
    }),
  },
  {
    key: 'voices',
    label: '公开的心声',
    hit: (r, terms) => ({
      href: `/voices/${r.id}`,
      where: `写给${r.unitName}`,
      snippet: snippet(`${r.body ?? ''}${r.answer ? ` 答复：${r.answer}` : ''}`, terms),
    }),
  },
  {
    key: 'units',
    label: '单位',
    hit: (r, terms) => ({ href: `/units/${r.code}`, where: `${r.location} · ${r.factory}`, snippet: snippet(r.code ?? '', terms) }),
  },
];
