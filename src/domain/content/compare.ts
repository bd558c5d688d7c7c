import { diffChars } from 'diff';
import type { RecordType } from './record-types.js';
import { richTextToPlain } from './sanitize.js';

export interface Segment {
  text: string;
  change: 'same' | 'added' | 'removed';
}

export interface ComparedField {
  label: string;
  left: Segment[];
  right: Segment[];
  changed: boolean;
}

/** Character-level differences (Chinese has no spaces to split words on), as two sides to show next to each other. */
export function compareText(a: string, b: string): { left: Segment[]; right: Segment[]; changed: boolean } {
  const parts = diffChars(a, b);
  const left: Segment[] = [];
  const right: Segment[] = [];
  for (const p of parts) {
    if (p.added) right.push({ text: p.value, change: 'added' });
    else if (p.removed) left.push({ text: p.value, change: 'removed' });
    else {
      left.push({ text: p.value, change: 'same' });
      right.push({ text: p.value, change: 'same' });
    }
  }
  return { left, right, changed: parts.some((p) => p.added || p.removed) };
}

type Rev = { title: string; body: string; fields: unknown };

/** Title, body and every record field of two revisions, compared. */
export function compareRevisions(a: Rev, b: Rev, type?: RecordType): ComparedField[] {
  const out: ComparedField[] = [{ label: '标题', ...compareText(a.title, b.title) }];
  if (type) {
    const fa = (a.fields ?? {}) as Record<string, unknown>;
    const fb = (b.fields ?? {}) as Record<string, unknown>;
    for (const f of type.fields) out.push({ label: f.label, ...compareText(String(fa[f.name] ?? ''), String(fb[f.name] ?? '')) });
  } else {
    out.push({ label: '正文', ...compareText(richTextToPlain(a.body), richTextToPlain(b.body)) });
  }
  return out;
}
