// A few helpers for building SVG and HTML with the DOM. Text always goes in
// through textContent, never as markup, so names from the registers cannot
// inject anything.

const ns = 'http://www.w3.org/2000/svg';

/** Returns an SVG element with the attributes and children given. */
export function svg(name, attrs = {}, ...children) {
  const e = document.createElementNS(ns, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) {
      e.setAttribute(k, v);
    }
  }
  for (const c of children) {
    e.append(c);
  }
  return e;
}

/** Returns an SVG text element. */
export function text(x, y, content, attrs = {}) {
  const t = svg('text', { x, y, ...attrs });
  t.textContent = content;
  return t;
}

/** Returns an HTML element with a class, text and children. */
export function html(name, cls, content, ...children) {
  const e = document.createElement(name);
  if (cls) {
    e.className = cls;
  }
  if (content !== undefined && content !== null) {
    e.textContent = content;
  }
  for (const c of children) {
    e.append(c);
  }
  return e;
}

/** Returns the bar gradient definition the bar charts share. */
export function barGradient() {
  return svg('defs', {},
    svg('linearGradient', { id: 'bar-gradient', x1: 0, x2: 1, y1: 0, y2: 0 },
      svg('stop', { offset: '0%', 'stop-color': '#0f6fa6' }),
      svg('stop', { offset: '100%', 'stop-color': '#27d3ff' })));
}
