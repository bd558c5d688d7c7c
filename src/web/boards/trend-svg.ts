import { escapeHtml } from '../../lib/html.js';

/**
 * A small trend chart drawn on the server as inline SVG markup (no script, so a board reads without JavaScript
 * and prints as drawn): the reported figures as a line with dots, the target as a dashed line.
 */
export function trendSvg(
  values: (number | null)[],
  target: number,
  opts: { width?: number; height?: number; label?: string } = {},
): string {
  const width = opts.width ?? 132;
  const height = opts.height ?? 36;
  const pad = 4;
  const known = values.filter((v): v is number => v != null && Number.isFinite(v));
  const lo = Math.min(target, ...known);
  const hi = Math.max(target, ...known);
  const span = hi - lo || Math.abs(hi) || 1;
  const x = (i: number) => pad + (values.length > 1 ? (i * (width - 2 * pad)) / (values.length - 1) : (width - 2 * pad) / 2);
  const y = (v: number) => height - pad - ((v - lo) / span) * (height - 2 * pad);
  const f = (n: number) => n.toFixed(1);
  const points = values
    .map((v, i) => (v != null && Number.isFinite(v) ? `${f(x(i))},${f(y(v))}` : null))
    .filter((p): p is string => p !== null);
  const dots = points
    .map((p) => {
      const [cx, cy] = p.split(',');
      return `<circle cx="${cx}" cy="${cy}" r="2"/>`;
    })
    .join('');
  const title = escapeHtml(opts.label ?? '趋势');
  return (
    `<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<line class="trend-target" x1="${pad}" x2="${width - pad}" y1="${f(y(target))}" y2="${f(y(target))}"/>` +
    (points.length > 1 ? `<polyline class="trend-line" points="${points.join(' ')}"/>` : '') +
    `<g class="trend-dots">${dots}</g></svg>`
  );
}

/** A board target's trend: its figures period by period against its target value, labelled with its title. */
export function targetTrend(
  row: { cells: { actual: number | null }[]; targetValue: number; title: string },
  size: { width?: number; height?: number } = {},
): string {
  return trendSvg(
    row.cells.map((c) => c.actual),
    row.targetValue,
    { label: `${row.title}趋势`, ...size },
  );
}
