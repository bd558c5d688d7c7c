/** What ordering units in the organisation's tree needs of each. */
export interface TreeUnit {
  id: number;
  parentId: number | null;
  sortOrder: number;
  code: string;
}

/**
 * Units in the organisation's order, as every unit list and drop-down shows them: the committee, then each branch
 * followed by its party groups (depth first; siblings by their sort order, then code). `sortOrder` counts among
 * siblings only, so sorting a whole list by it mixes the levels. A unit whose parent is not in the list stands where
 * a top-level unit would.
 */
export function inOrgOrder<T extends TreeUnit>(units: T[]): T[] {
  const listed = new Set(units.map((u) => u.id));
  const children = new Map<number | null, T[]>();
  for (const u of units) {
    const parent = u.parentId !== null && listed.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: T[] = [];
  const walk = (parent: number | null) => {
    const kids = (children.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
    for (const u of kids) {
      out.push(u);
      walk(u.id);
    }
  };
  walk(null);
  return out;
}

/** The select that `inOrgOrder` needs, to spread into a query's own. */
export const ORG_ORDER_FIELDS = { id: true, parentId: true, sortOrder: true, code: true } as const;
