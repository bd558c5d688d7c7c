import { escapeHtml as escapeXml } from '../../lib/html.js';

/**
 * Charts drawn on the server as inline SVG markup (no script, styled by public/css/stats.css), so the statistics
 * read and print without JavaScript. Each chart carries a <title> and an aria-label; the tables next to them hold
 * the same numbers for screen readers.
 */

const f = (n: number) => n.toFixed(1);

/** The smallest "round" number (1, 2, 5 × 10^n) at or above `v`, for an axis maximum. */
export function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Labels longer than `max` characters are cut with an ellipsis (the full name stays in the bar's title). */
function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface Bar {
  label: string;
  value: number;
}

/** A horizontal bar chart: one bar per unit, its value written at the bar's end. */
export function barChartSvg(bars: Bar[], opts: { label: string; width?: number }): string {
  const width = opts.width ?? 640;
  const row = 24;
  const labelWidth = 150;
  const valueWidth = 40;
  const top = 8;
  const height = top * 2 + Math.max(1, bars.length) * row;
  const max = niceCeil(Math.max(0, ...bars.map((b) => b.value)));
  const scale = (width - labelWidth - valueWidth) / max;
  const title = escapeXml(opts.label);
  const items = bars.map((b, i) => {
    const y = top + i * row;
    const w = Math.max(0, b.value) * scale;
    return (
      `<g class="bar"><title>${escapeXml(`${b.label}：${b.value}`)}</title>` +
      `<text class="bar-label" x="${labelWidth - 8}" y="${f(y + row / 2)}" text-anchor="end" dominant-baseline="middle">${escapeXml(clip(b.label, 11))}</text>` +
      `<rect x="${labelWidth}" y="${f(y + 4)}" width="${f(w)}" height="${row - 8}"/>` +
      `<text class="bar-value" x="${f(labelWidth + w + 4)}" y="${f(y + row / 2)}" dominant-baseline="middle">${b.value}</text></g>`
    );
  });
  return (
    `<svg class="chart bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<line class="axis" x1="${labelWidth}" x2="${labelWidth}" y1="${top}" y2="${height - top}"/>` +
    items.join('') +
    `</svg>`
  );
}

export interface Series {
  name: string;
  values: (number | null)[];
}

/**
 * A line chart over quarters: a y axis from `min` (0) to a round maximum with four grid lines, one line with
 * dots per series (a missing value breaks nothing: the line joins the known points), the quarters below.
 */
export function lineChartSvg(
  labels: string[],
  series: Series[],
  opts: { label: string; width?: number; height?: number; max?: number },
): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 220;
  const left = 40;
  const right = 32;
  const top = 12;
  const bottom = 28;
  const known = series.flatMap((s) => s.values.filter((v): v is number => v != null && Number.isFinite(v)));
  const max = opts.max ?? niceCeil(Math.max(0, ...known));
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (labels.length > 1 ? (i * plotW) / (labels.length - 1) : plotW / 2);
  const y = (v: number) => top + plotH - (Math.max(0, Math.min(v, max)) / max) * plotH;
  const title = escapeXml(opts.label);
  const grid = [0, 1, 2, 3, 4].map((k) => {
    const v = (max * k) / 4;
    return (
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${f(y(v))}" y2="${f(y(v))}"/>` +
      `<text class="tick" x="${left - 6}" y="${f(y(v))}" text-anchor="end" dominant-baseline="middle">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`
    );
  });
  const ticks = labels.map((l, i) => `<text class="tick" x="${f(x(i))}" y="${height - 8}" text-anchor="middle">${escapeXml(l)}</text>`);
  const lines = series.map((s, k) => {
    const pts = s.values.map((v, i) => (v != null && Number.isFinite(v) ? { x: x(i), y: y(v), v } : null)).filter((p) => p !== null);
    const dots = pts
      .map((p) => `<circle cx="${f(p.x)}" cy="${f(p.y)}" r="3"><title>${escapeXml(`${s.name}：${p.v}`)}</title></circle>`)
      .join('');
    return (
      `<g class="series series-${k + 1}">` +
      (pts.length > 1 ? `<polyline points="${pts.map((p) => `${f(p.x)},${f(p.y)}`).join(' ')}"/>` : '') +
      dots +
      `</g>`
    );
  });
  return (
    `<svg class="chart line-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    grid.join('') +
    ticks.join('') +
    lines.join('') +
    `</svg>`
  );
}
