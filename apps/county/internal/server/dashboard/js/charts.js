// Bar charts drawn as SVG: one horizontal bar per row, with its label on the
// left, its value in a column on the right and up to two notes under the bar.
// A row may carry a base value, drawn as a thin grey bar under its own, such
// as the same month a year earlier. The chart is as many units wide as its
// container is pixels, so text keeps its size in CSS pixels.

import { svg, text, barGradient } from './svg.js';

/**
 * Draws rows into container, replacing what it held. Each row is {label,
 * value (a number for the bar's length), valueText, base (a number, or
 * undefined for none), notes: [{label, text, cls}], color, attrs}; attrs are
 * set on the row's group, such as data attributes for tests. An empty rows
 * shows emptyText. Options set the label and value columns' widths in pixels.
 */
export function barChart(container, rows, { emptyText = '暂无数据', labelWidth = 72, valueWidth = 96 } = {}) {
  container.replaceChildren();
  if (rows.length === 0) {
    container.append(Object.assign(document.createElement('p'), { className: 'note', textContent: emptyText }));
    return;
  }
  const width = Math.max(240, Math.round(container.clientWidth || 320));
  const hasNotes = rows.some((r) => r.notes && r.notes.length > 0);
  const hasBase = rows.some((r) => r.base !== undefined);
  const rowHeight = 22 + (hasBase ? 6 : 0) + (hasNotes ? 16 : 0);
  const height = rows.length * rowHeight + 4;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' }, barGradient());
  const max = Math.max(...rows.map((r) => Math.max(r.value, r.base || 0)), 0) || 1;
  const x0 = labelWidth;
  const span = width - labelWidth - valueWidth - 8;
  for (let i = 1; i <= 4; i++) {
    const x = x0 + (span * i) / 4;
    chart.append(svg('line', { x1: x, x2: x, y1: 0, y2: height, class: 'grid-line' }));
  }
  const length = (v) => Math.max((span * v) / max, v > 0 ? 2 : 0);

  rows.forEach((r, i) => {
    const y = i * rowHeight + 4;
    const g = svg('g', { class: 'row', ...(r.attrs || {}) });
    g.append(text(x0 - 8, y + 12, r.label, { class: 'bar-label', 'text-anchor': 'end' }));
    const bar = svg('rect', { x: x0, y: y + 2, width: length(r.value), height: 13, rx: 2, class: 'bar' });
    if (r.color) {
      // Through the CSSOM, which the page's Content-Security-Policy allows
      // where it forbids style attributes.
      bar.style.fill = r.color;
    }
    g.append(bar);
    if (r.base !== undefined) {
      g.append(svg('rect', { x: x0, y: y + 17, width: length(r.base), height: 4, rx: 1, class: 'bar base' }));
    }
    g.append(text(width - 4, y + 12, r.valueText, { class: 'bar-value', 'text-anchor': 'end' }));
    if (r.notes && r.notes.length > 0) {
      const notes = text(x0, y + rowHeight - 6, '', { class: 'bar-change' });
      for (const n of r.notes) {
        const label = svg('tspan', { class: 'axis' });
        label.textContent = `${n.label} `;
        const value = svg('tspan', { class: n.cls });
        value.textContent = n.text;
        const gap = svg('tspan', {});
        gap.textContent = '\u2003';
        notes.append(label, value, gap);
      }
      g.append(notes);
    }
    chart.append(g);
  });
  container.append(chart);
}
