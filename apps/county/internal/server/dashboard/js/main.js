// The county dashboard: logs in, reads the API and draws the panels, then
// keeps them current from the server-sent event stream. Each panel has one
// load function that reads its API route and redraws it. Live events
// schedule those functions, so a burst of events costs one request per panel.

import * as api from './api.js';
import * as fmt from './format.js';
import { barChart } from './charts.js';
import { CountyMap, useColour, wellClasses } from './map.js';
import { connect } from './live.js';
import { html } from './svg.js';

const $ = (id) => document.getElementById(id);

/** state is what the panels share: the caller, division names, the map and timers. */
const state = {
  me: null,
  names: new Map(),
  month: '',
  map: null,
  stopLive: null,
  timers: new Map(),
  feed: 0,
};

/** Runs fn after delay ms, once however often it is scheduled meanwhile. */
function schedule(name, fn, delay = 1500) {
  if (state.timers.has(name)) {
    return;
  }
  state.timers.set(name, setTimeout(() => {
    state.timers.delete(name);
    fn().catch(report);
  }, delay));
}

/** Shows a failed request: a lost login returns to the form. */
function report(err) {
  if (err instanceof api.ApiError && err.status === 401) {
    showLogin('登录已过期，请重新登录 Session expired');
    return;
  }
  console.error(err);
}

function showLogin(message = '') {
  if (state.stopLive) {
    state.stopLive();
    state.stopLive = null;
  }
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
}

async function start() {
  state.me = await api.get('/api/v1/me');
  fmt.setZone(state.me.zone);
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${state.me.account} · ${state.me.division}`;

  const divisions = await api.get('/api/v1/divisions');
  state.names = new Map(divisions.items.map((d) => [d.code, d.name]));
  const own = state.names.get(state.me.division) || state.me.division;
  $('title').textContent = `${own} · 数字乡村一张图`;
  document.title = `${own} · 县级一张图`;

  state.map = state.map || new CountyMap($('map'), $('map-legend'), $('tooltip'));
  await Promise.all([loadLand(), loadMapAndWells(), loadWater(), loadAlarms(), loadDevices(), loadTrace()]);
  state.stopLive = connect({ onEvent, onState: liveState, onClosed: liveClosed });
}

/** Land statistics: the area figures and the land-use chart. */
async function loadLand() {
  const s = await api.get('/api/v1/stats/land');
  setFigure('kpi-plots', fmt.integer(s.plots), s.plots);
  setFigure('kpi-area', fmt.fixed(s.measured_mu, 2), s.measured_mu);
  setFigure('kpi-contracted', fmt.fixed(s.contracts.area_mu, 2), s.contracts.area_mu);
  setFigure('kpi-transferred', fmt.fixed(s.transfers.active_area_mu, 2), s.transfers.active_area_mu);

  const rows = s.by_use.map((g) => ({
    label: g.name || g.key || '未登记',
    value: Number(g.measured_mu),
    valueText: `${fmt.fixed(g.measured_mu, 1)} 亩 · ${fmt.integer(g.plots)}块`,
    color: useColour(g.key),
    attrs: { 'data-use': g.key },
  }));
  barChart($('land-chart'), rows, { labelWidth: 64, valueWidth: 150 });

  const facts = [
    ['登记面积 Declared', `${fmt.fixed(s.declared_mu, 2)} 亩`],
    ['承包户 Households', `${fmt.integer(s.contracts.households)} 户 · ${fmt.integer(s.contracts.count)} 份合同`],
    ['流转 Transfers', `${fmt.integer(s.transfers.active)} / ${fmt.integer(s.transfers.count)} 份在期`],
    ['年租金 Rent', `${fmt.fixed(s.transfers.annual_rent_yuan, 0)} 元`],
    ['平均租金', s.transfers.mean_rent_yuan_per_mu ? `${fmt.fixed(s.transfers.mean_rent_yuan_per_mu, 2)} 元/亩` : '—'],
    ['未测绘地块', `${fmt.integer(s.unsurveyed)} 块`],
  ];
  $('land-facts').replaceChildren(...facts.flatMap(([k, v]) => [html('dt', '', k), html('dd', '', v)]));
}

/** Draws the map's plots and the wells with their use against plan. */
async function loadMapAndWells() {
  const [plots, use] = await Promise.all([api.get('/api/v1/map/plots'), api.get('/api/v1/stats/plan-use')]);
  state.map.draw(plots, use, state.names);
  showPlanUse(use);
}

async function loadWells() {
  const use = await api.get('/api/v1/stats/plan-use');
  state.map.updateWells(use);
  showPlanUse(use);
}

function showPlanUse(use) {
  setFigure('kpi-year', use.percent == null ? '—' : fmt.fixed(use.percent, 2), use.percent ?? '');
  const detail = $('kpi-year-detail');
  detail.textContent = `${fmt.volume(use.used_m3)} / ${fmt.volume(use.planned_m3)} m³`;
  detail.title = `${use.year} 年 1 月 1 日至 ${use.through} 用水 / 年计划`;
  const rows = wellClasses.map((c) => ({
    label: c.label,
    value: use.counts[c.key] || 0,
    valueText: `${fmt.integer(use.counts[c.key] || 0)} 眼`,
    color: c.colour,
    attrs: { 'data-class': c.key },
  }));
  barChart($('plan-chart'), rows, { labelWidth: 96, valueWidth: 56 });
}

/** Water by township, or by village below a township, for the chosen month. */
async function loadWater() {
  const query = state.month ? `?month=${encodeURIComponent(state.month)}` : '';
  const w = await api.get(`/api/v1/stats/water${query}`);
  const picker = $('month');
  if (!picker.max) {
    picker.max = w.month;
  }
  picker.value = w.month;
  const span = w.partial ? `${w.from} 至 ${w.through}，与基期同日比较` : `${w.from} 至 ${w.through}`;
  $('water-note').textContent = `${span} · ${w.by === 'township' ? '按乡镇' : '按村'} · 时区 ${w.zone} · 灰条为去年同期`;
  const rows = w.rows.map((r) => {
    const yoy = fmt.change(r.yoy);
    const mom = fmt.change(r.mom);
    return {
      label: r.name || r.code,
      value: Number(r.volume_m3),
      base: r.yoy.base_from ? Number(r.yoy.base_m3) : undefined,
      valueText: r.records === 0 ? '无数据' : `${fmt.volume(r.volume_m3)} m³`,
      notes: [{ label: '同比', ...yoy }, { label: '环比', ...mom }],
      attrs: { 'data-code': r.code, 'data-volume': r.volume_m3, 'data-records': String(r.records) },
    };
  });
  barChart($('water-chart'), rows, { labelWidth: 64, valueWidth: 92 });

  const total = w.total;
  setFigure('kpi-month', total ? fmt.volume(total.volume_m3) : '—', total ? total.volume_m3 : '');
  const summary = $('water-total');
  if (!total) {
    summary.replaceChildren();
    $('kpi-month-change').replaceChildren();
    return;
  }
  const changes = () => {
    const yoy = fmt.change(total.yoy);
    const mom = fmt.change(total.mom);
    return [html('span', '', '同比 '), html('span', yoy.cls, yoy.text),
      html('span', '', ' · 环比 '), html('span', mom.cls, mom.text)];
  };
  $('kpi-month-change').replaceChildren(...changes());
  const name = state.names.get(total.code) || total.code;
  summary.replaceChildren(html('span', '', `合计 ${name}`), html('b', '', `${fmt.volume(total.volume_m3)} m³`),
    html('span', 'changes', null, ...changes(),
      html('span', 'axis', ` · 去年同期 ${total.yoy.base_from ? `${fmt.volume(total.yoy.base_m3)} m³` : '—'}`)));
  summary.dataset.volume = total.volume_m3;
}

/** Chinese names of the alarm rules of package water and the gateway. */
const ruleNames = {
  'over-plan': '超年度用水计划',
  'over-monthly-plan': '超月度用水计划',
  'no-authorisation': '未授权取水',
  'quota-used-up': '配额用尽仍取水',
  'ratio-out-of-band': '水电比超限',
  'flow-meter-bypass': '有电无水 疑似绕表',
  'electricity-meter-bypass': '有水无电 疑似绕电表',
  'tamper': '表计被拆改',
  'unpaid-pumping': '欠费取水',
  'silent-meter': '表计长时间无数据',
  trace_scan_count: '溯源码查询次数过多',
  trace_impossible_travel: '溯源码异地同时查询',
  trace_before_activation: '溯源码未启用即被查询',
  trace_outside_destination: '溯源码销售区域外查询',
  trace_unknown_burst: '集中查询无效溯源码',
  trace_second_sale: '溯源码重复销售',
};

/** Water alarms and, where the server has them, device alarms. */
async function loadAlarms() {
  const [water, device] = await Promise.all([
    api.get('/api/v1/alarms?limit=1000'),
    api.get('/api/v1/device-alarms?limit=1000', { optional: true }),
  ]);
  const items = [
    ...water.items.map((a) => ({ ...a, source: 'water', subject: a.well })),
    ...(device ? device.items.map((a) => ({ ...a, source: 'device', subject: a.device })) : []),
  ];
  const open = items.filter((a) => a.status !== 'closed');
  open.sort((a, b) => String(b.raised).localeCompare(String(a.raised)));
  const more = water.next || (device && device.next);
  setFigure('kpi-alarms', more ? `${fmt.integer(open.length)}+` : fmt.integer(open.length), open.length);

  const list = $('alarm-list');
  if (open.length === 0) {
    list.replaceChildren(html('li', 'empty', '暂无未关闭告警 No open alarms'));
    return;
  }
  list.replaceChildren(...open.slice(0, 100).map((a) => {
    const labels = { critical: '严重', warning: '警告', info: '提示' };
    const sev = labels[a.severity] ? a.severity : 'info';
    const label = labels[sev];
    const what = html('span', '', `${a.subject} ${ruleNames[a.rule] || a.rule}`,
      html('span', 'detail', a.message || ''));
    const li = html('li', '', null, html('span', `tag ${sev}`, label), what,
      html('span', 'when', fmt.shortTime(a.raised)));
    li.dataset.source = a.source;
    return li;
  }));
}

/** Chinese names of the fraud rules of package trace. */
const traceRules = {
  scan_count: '查询次数过多',
  impossible_travel: '异地同时查询',
  before_activation: '未启用即被查询',
  outside_destination: '销售区域外查询',
  unknown_burst: '集中查询无效码',
  second_sale: '重复销售',
};

/**
 * Codes issued, scans by region and fraud flags from GET /api/v1/trace/stats;
 * the panel hides on a server without traceability.
 */
async function loadTrace() {
  let s;
  try {
    s = await api.get('/api/v1/trace/stats', { optional: true });
  } catch (err) {
    if (err instanceof api.ApiError && (err.status === 503 || err.status === 403)) {
      s = null;
    } else {
      throw err;
    }
  }
  $('trace-panel').hidden = !s;
  if (!s) {
    return;
  }
  const facts = [
    ['溯源批次 Batches', `${fmt.integer(s.batches)} 批`],
    ['已赋码 Codes', `${fmt.integer(s.codes_issued)} 个 · ${fmt.integer(s.issuances)} 次签发`],
    ['扫码查询 Scans', `${fmt.integer(s.scans)} 次`],
    ['无效码查询', `${fmt.integer(s.failed_scans)} 次`],
    ['异常标记 Flags', `${fmt.integer(s.flags)} 条`],
  ];
  $('trace-facts').replaceChildren(...facts.flatMap(([k, v]) => [html('dt', '', k), html('dd', '', v)]));
  const rows = s.scans_by_region.slice(0, 8).map((r) => ({
    label: r.name || r.division || '未知地区',
    value: r.scans,
    valueText: `${fmt.integer(r.scans)} 次`,
    attrs: { 'data-region': r.division },
  }));
  barChart($('trace-chart'), rows, { labelWidth: 96, valueWidth: 80, emptyText: '暂无扫码' });
  const flags = Object.entries(s.flags_by_rule).sort((a, b) => b[1] - a[1]);
  $('trace-flags').replaceChildren(...(flags.length === 0
    ? [html('li', 'empty', '暂无异常 No flags')]
    : flags.map(([rule, n]) => html('li', '', null, html('span', 'tag warning', '异常'),
      html('span', '', traceRules[rule] || rule), html('span', 'when', `${fmt.integer(n)} 条`)))));
}

/** Chinese names of the device health states. */
const stateNames = { online: '在线', degraded: '降级', offline: '离线', quarantined: '隔离', unknown: '未知' };

/** Device health from GET /api/v1/devices; an empty panel where it is missing. */
async function loadDevices() {
  const body = await api.get('/api/v1/devices?limit=1000', { optional: true });
  const list = $('device-list');
  if (!body) {
    setFigure('kpi-devices', '—', '');
    $('device-summary').replaceChildren();
    list.replaceChildren(html('li', 'empty', '本服务器未提供设备状态 No device health on this server'));
    return;
  }

  const counts = {};
  for (const d of body.items) {
    counts[d.state] = (counts[d.state] || 0) + 1;
  }
  const total = body.items.length;
  setFigure('kpi-devices', fmt.integer(counts.online || 0), counts.online || 0);
  $('kpi-devices-unit').textContent = `/ ${fmt.integer(total)}${body.next ? '+' : ''} 台`;
  const names = stateNames;
  $('device-summary').replaceChildren(...Object.entries(names)
    .filter(([k]) => counts[k])
    .map(([k, n]) => html('span', `tag ${k}`, `${n} ${fmt.integer(counts[k])}`)));

  if (total === 0) {
    list.replaceChildren(html('li', 'empty', '暂无设备 No devices yet'));
    return;
  }
  const order = { offline: 0, quarantined: 1, degraded: 2, unknown: 3, online: 4 };
  const sorted = [...body.items].sort((a, b) => (order[a.state] ?? 5) - (order[b.state] ?? 5));
  const kinds = { gateway: '网关', device: '设备', station: '测站' };
  list.replaceChildren(...sorted.slice(0, 100).map((d) => html('li', '', null,
    html('span', `tag ${d.state}`, names[d.state] || d.state),
    html('span', '', `${kinds[d.kind] || d.kind} ${d.name}${d.well && d.well !== d.name ? ` · ${d.well}` : ''}`,
      html('span', 'detail', d.detail || '')),
    html('span', 'when', d.last_seen ? fmt.shortTime(d.last_seen) : ''))));
}

/** Sets a key figure's text, and its API value for tests and screen readers. */
function setFigure(id, content, value) {
  const e = $(id);
  e.textContent = content;
  e.dataset.value = String(value);
}

/** Handles one live event: schedules the panels it changes and logs it. */
function onEvent(kind, e) {
  switch (kind) {
    case 'daily':
      if (e.data && e.data.well) {
        state.map.flashWell(e.data.well);
      }
      schedule('water', loadWater);
      schedule('wells', loadWells);
      break;
    case 'alarm':
      schedule('alarms', loadAlarms, 300);
      schedule('trace', loadTrace, 1000);
      break;
    case 'health':
      schedule('devices', loadDevices, 500);
      break;
    case 'lagged':
      // Events were dropped, so every panel is read again.
      for (const [name, fn] of [['land', loadLand], ['water', loadWater], ['wells', loadWells],
        ['alarms', loadAlarms], ['devices', loadDevices]]) {
        schedule(name, fn, 300);
      }
      break;
    default:
      return;
  }
  addFeed(kind, e);
}

const feedLabels = { daily: '用水', alarm: '告警', health: '设备', reading: '读数', lagged: '补读' };
const alarmChanges = { raised: '新告警', updated: '更新', escalated: '升级', acknowledged: '已确认', cleared: '已解除' };

function addFeed(kind, e) {
  const where = state.names.get(e.division) || e.division || '';
  const d = e.data || {};
  let what = '';
  if (kind === 'daily') {
    what = `机井 ${d.well} ${d.day} 当日 ${fmt.volume(d.volume_m3)} m³`;
  } else if (kind === 'alarm') {
    // The data is {source, change, water | device}: the alarm after the change.
    const a = d.water || d.device || {};
    const change = alarmChanges[d.change] || d.change || '';
    what = [change, a.well || a.device, ruleNames[a.rule] || a.rule].filter(Boolean).join(' ');
  } else if (kind === 'health') {
    what = [d.name || d.id, stateNames[d.state] || d.state].filter(Boolean).join(' → ');
  } else if (kind === 'lagged') {
    what = `丢失 ${d.missed} 条，已重新读取`;
  }
  const li = html('li', 'fresh', null,
    html('span', `tag ${kind === 'alarm' ? 'warning' : 'info'}`, feedLabels[kind] || kind),
    html('span', '', `${where} ${what}`.trim()),
    html('span', 'when', fmt.clock(e.time)));
  const feed = $('feed');
  feed.prepend(li);
  while (feed.children.length > 50) {
    feed.lastChild.remove();
  }
  state.feed++;
  const count = $('feed-count');
  count.textContent = fmt.integer(state.feed);
  count.dataset.count = String(state.feed);
}

function liveState(s) {
  const e = $('live-state');
  e.dataset.state = s;
  e.textContent = { open: '实时 Live', connecting: '连接中', error: '重连中' }[s] || s;
}

/** Decides what to do when the server rejects the stream. */
async function liveClosed(reconnect) {
  try {
    await api.get('/api/v1/me');
    reconnect();
  } catch (err) {
    report(err);
  }
}

function tick() {
  $('clock').textContent = fmt.clock(Date.now());
}

async function init() {
  tick();
  setInterval(tick, 1000);
  // Scans arrive without live events, so the trace panel is read every 30 s.
  setInterval(() => {
    if (state.me) {
      schedule('trace', loadTrace, 0);
    }
  }, 30000);
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('login-error').textContent = '';
    $('login-submit').disabled = true;
    try {
      await api.login($('login-account').value.trim(), $('login-secret').value);
      $('login-secret').value = '';
      await start();
    } catch (err) {
      $('login-error').textContent = err instanceof api.ApiError && err.status === 401
        ? '账号或密钥错误 Wrong account or secret' : `登录失败 ${err.message}`;
    } finally {
      $('login-submit').disabled = false;
    }
  });
  $('logout').addEventListener('click', async () => {
    await api.logout();
    showLogin();
  });
  // The charts are drawn at the size of their panels, so a new size redraws them.
  window.addEventListener('resize', () => {
    if (state.me) {
      schedule('land', loadLand, 300);
      schedule('water', loadWater, 300);
      schedule('wells', loadWells, 300);
    }
  });
  $('month').addEventListener('change', (ev) => {
    state.month = ev.target.value;
    loadWater().catch(report);
  });
  if (!api.token()) {
    showLogin();
    return;
  }
  try {
    await start();
  } catch (err) {
    showLogin();
    report(err);
  }
}

init();
