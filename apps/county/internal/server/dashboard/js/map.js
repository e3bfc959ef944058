// The county map: plots drawn from their GeoJSON boundaries and coloured by
// land use, wells drawn as points coloured by their use against plan. The
// projection is equirectangular with longitudes scaled by the cosine of the
// middle latitude, which keeps shapes true at a county's size. Wheel zooms,
// dragging pans and a double click resets the view.

import { svg, html, text } from './svg.js';
import * as fmt from './format.js';

/**
 * Colours of GB/T 21010-2017 land-use classes: the recorded second-level
 * class when listed, otherwise its first-level class.
 */
const useColours = {
  '0101': '#3f8fd1', // 水田 paddy
  '0102': '#e8c547', // 水浇地 irrigated land
  '0103': '#c9a24a', // 旱地 dry land
  '01': '#e0b94a', // 耕地 cultivated land
  '02': '#c77dc4', // 园地 orchards
  '03': '#2f9e5f', // 林地 forest
  '04': '#8fc956', // 草地 grassland
  '07': '#e0795a', // 住宅用地 residential
  '10': '#9aa4ad', // 交通运输用地 transport
  '1101': '#3aa0e0',
  '11': '#3aa0e0', // 水域及水利设施用地 water
  '1206': '#d9d0bd', // 盐碱地 saline land
  '12': '#b8ad95', // 其他土地 other
};

/** Returns the colour of a land use code. */
export function useColour(use) {
  return useColours[use] || useColours[(use || '').slice(0, 2)] || '#6c7f90';
}

/** Well classes of GET /api/v1/stats/plan-use with their CSS class and label. */
export const wellClasses = [
  { key: 'under-80', cls: 'under-80', label: '<80%', colour: '#35d07f' },
  { key: '80-90', cls: 'c80-90', label: '80–90%', colour: '#ffc53d' },
  { key: '90-100', cls: 'c90-100', label: '90–100%', colour: '#ff8a3d' },
  { key: 'over', cls: 'over', label: '≥100% 超计划', colour: '#ff4d5e' },
  { key: 'no-plan', cls: 'no-plan', label: '无计划', colour: '#8aa0b5' },
];

const wellClass = Object.fromEntries(wellClasses.map((c) => [c.key, c.cls]));

/** CountyMap draws plots and wells into a container and keeps its view. */
export class CountyMap {
  constructor(container, legend, tooltip) {
    this.container = container;
    this.legend = legend;
    this.tooltip = tooltip;
    this.wellNodes = new Map();
    this.view = null;
    this.home = null;
  }

  /**
   * Draws the plots of a FeatureCollection and the wells of a plan-use body,
   * with each village's name from names (code to name) over its plots.
   */
  draw(plots, planUse, names = new Map()) {
    const wells = planUse ? planUse.wells : [];
    const project = projection(plots, wells);
    if (!project) {
      this.container.replaceChildren(html('p', 'note', '无地块边界数据 No plot boundaries'));
      this.container.dataset.ready = 'true';
      return;
    }

    const root = svg('svg', { viewBox: project.viewBox, preserveAspectRatio: 'xMidYMid meet', role: 'img' });
    const plotLayer = svg('g', { class: 'plots' });
    for (const f of plots.features) {
      if (!f.geometry) {
        continue;
      }
      const path = svg('path', { d: pathOf(f.geometry, project.point), class: 'plot', 'data-code': f.id });
      path.style.fill = useColour(f.properties.use);
      path.addEventListener('pointermove', (e) => this.tip(e, plotTip(f.properties)));
      path.addEventListener('pointerleave', () => this.hideTip());
      plotLayer.append(path);
    }

    const wellLayer = svg('g', { class: 'wells' });
    this.wellNodes.clear();
    for (const w of wells) {
      const [x, y] = project.point([w.lon, w.lat]);
      const dot = svg('circle', { cx: x, cy: y, r: project.wellRadius, class: `well ${wellClass[w.class] || 'no-plan'}`, 'data-code': w.code });
      dot.addEventListener('pointermove', (e) => this.tip(e, wellTip(w)));
      dot.addEventListener('pointerleave', () => this.hideTip());
      wellLayer.append(dot);
      this.wellNodes.set(w.code, dot);
    }

    root.append(plotLayer, villageLabels(plots, names, project), wellLayer);
    this.container.replaceChildren(root);
    this.svg = root;
    this.home = project.viewBox.split(' ').map(Number);
    if (!this.view) {
      this.view = [...this.home];
    }
    this.applyView();
    this.enableNavigation();
    this.drawLegend(plots);
    this.container.dataset.ready = 'true';
    this.container.dataset.plots = String(plots.features.length);
  }

  /** Recolours the wells from a new plan-use body without redrawing plots. */
  updateWells(planUse) {
    for (const w of planUse.wells) {
      const dot = this.wellNodes.get(w.code);
      if (dot) {
        dot.setAttribute('class', `well ${wellClass[w.class] || 'no-plan'}`);
      }
    }
  }

  /** Makes a well's point pulse once, for a live update. */
  flashWell(code) {
    const dot = this.wellNodes.get(code);
    if (dot) {
      dot.classList.remove('flash');
      // Reading a layout property restarts the CSS animation.
      void dot.getBoundingClientRect();
      dot.classList.add('flash');
    }
  }

  drawLegend(plots) {
    const uses = new Map();
    for (const f of plots.features) {
      uses.set(f.properties.use, f.properties.use_name || f.properties.use || '未登记');
    }
    const items = [...uses].sort().map(([use, name]) => {
      const chip = html('i');
      chip.style.background = useColour(use);
      return html('span', '', null, chip, document.createTextNode(name));
    });
    for (const c of wellClasses) {
      const chip = html('i', 'dot');
      chip.style.background = c.colour;
      items.push(html('span', '', null, chip, document.createTextNode(`机井 ${c.label}`)));
    }
    this.legend.replaceChildren(...items);
  }

  tip(event, content) {
    this.tooltip.textContent = content;
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${event.clientX + 14}px`;
    this.tooltip.style.top = `${event.clientY + 14}px`;
  }

  hideTip() {
    this.tooltip.hidden = true;
  }

  applyView() {
    this.svg.setAttribute('viewBox', this.view.join(' '));
  }

  /** Adds wheel zoom, drag pan and double-click reset, once per svg. */
  enableNavigation() {
    const s = this.svg;
    s.addEventListener('wheel', (e) => {
      e.preventDefault();
      const factor = e.deltaY > 0 ? 1.2 : 1 / 1.2;
      const [x, y, w, h] = this.view;
      const box = s.getBoundingClientRect();
      const fx = (e.clientX - box.left) / box.width;
      const fy = (e.clientY - box.top) / box.height;
      const nw = Math.min(w * factor, this.home[2] * 4);
      const nh = Math.min(h * factor, this.home[3] * 4);
      this.view = [x + (w - nw) * fx, y + (h - nh) * fy, nw, nh];
      this.applyView();
    }, { passive: false });
    let drag = null;
    s.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, view: [...this.view] };
      s.setPointerCapture(e.pointerId);
    });
    s.addEventListener('pointermove', (e) => {
      if (!drag) {
        return;
      }
      const box = s.getBoundingClientRect();
      const scale = Math.max(drag.view[2] / box.width, drag.view[3] / box.height);
      this.view = [drag.view[0] - (e.clientX - drag.x) * scale, drag.view[1] - (e.clientY - drag.y) * scale, drag.view[2], drag.view[3]];
      this.applyView();
    });
    s.addEventListener('pointerup', () => { drag = null; });
    s.addEventListener('dblclick', () => {
      this.view = [...this.home];
      this.applyView();
    });
  }
}

/**
 * Returns the projection of the plots' bounding box (and the wells') into an
 * SVG view box about 1000 units wide, or null when there is nothing to draw.
 */
function projection(plots, wells) {
  let [west, south, east, north] = plots.bbox || [Infinity, Infinity, -Infinity, -Infinity];
  for (const w of wells) {
    if (w.lon || w.lat) {
      west = Math.min(west, w.lon);
      east = Math.max(east, w.lon);
      south = Math.min(south, w.lat);
      north = Math.max(north, w.lat);
    }
  }
  if (!(east > west && north > south)) {
    return null;
  }
  const cos = Math.cos(((south + north) / 2) * Math.PI / 180);
  const scale = 1000 / ((east - west) * cos);
  const width = 1000;
  const height = (north - south) * scale;
  const pad = 0.03 * Math.max(width, height);
  return {
    viewBox: `${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`,
    wellRadius: Math.max(width, height) / 160,
    labelSize: Math.max(width, height) / 42,
    point: ([lon, lat]) => [((lon - west) * cos * scale).toFixed(2), ((north - lat) * scale).toFixed(2)],
  };
}

/**
 * Returns a layer with each village's name at the middle of its plots'
 * positions, for the villages that names has.
 */
function villageLabels(plots, names, project) {
  const sums = new Map();
  for (const f of plots.features) {
    const name = names.get(f.properties.village);
    if (!f.geometry || !name) {
      continue;
    }
    const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
    const s = sums.get(name) || { lon: 0, lat: 0, n: 0 };
    for (const [lon, lat] of ring) {
      s.lon += lon;
      s.lat += lat;
      s.n++;
    }
    sums.set(name, s);
  }
  const layer = svg('g', { class: 'labels' });
  for (const [name, s] of sums) {
    const [x, y] = project.point([s.lon / s.n, s.lat / s.n]);
    const label = text(x, y, name, { class: 'map-label', 'text-anchor': 'middle', 'dominant-baseline': 'middle' });
    // The size is in the map's own units, so labels scale with zoom.
    label.style.fontSize = `${project.labelSize}px`;
    label.style.strokeWidth = `${project.labelSize / 5}px`;
    layer.append(label);
  }
  return layer;
}

/** Returns the SVG path data of a GeoJSON Polygon or MultiPolygon. */
function pathOf(geometry, point) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let d = '';
  for (const rings of polygons) {
    for (const ring of rings) {
      d += ring.map((p, i) => (i === 0 ? 'M' : 'L') + point(p).join(',')).join('') + 'Z';
    }
  }
  return d;
}

function plotTip(p) {
  return `地块 ${p.code}${p.name ? `\n${p.name}` : ''}\n地类 ${p.use_name || p.use || '未登记'} (${p.use || '—'})` +
    `\n测量面积 ${fmt.fixed(p.area_mu, 2)} 亩 · 登记 ${fmt.fixed(p.declared_mu, 2)} 亩`;
}

function wellTip(w) {
  const plan = w.plan_m3 == null ? '无计划' : `${fmt.volume(w.plan_m3)} m³`;
  const pct = w.percent == null ? '' : ` (${w.percent}%)`;
  return `机井 ${w.code}${w.name ? ` ${w.name}` : ''}\n本年用水 ${fmt.volume(w.used_m3)} m³${pct}\n年计划 ${plan}`;
}
