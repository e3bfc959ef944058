// Number and time formatting for the dashboard. Every figure on screen is a
// value from the API, formatted here and nowhere else, so that the browser
// test can format the API's values the same way.

const zh = 'zh-CN';

// zone is the county's time zone, which GET /api/v1/me returns; times are
// shown in it. Until that response arrives it is Beijing time.
let zone = 'Asia/Shanghai';

/** Sets the time zone that clock and shortTime show times in. */
export function setZone(name) {
  if (name) {
    zone = name;
  }
}

/** Returns an integer with thousands separators, such as "12,345". */
export function integer(n) {
  return Number(n).toLocaleString(zh, { maximumFractionDigits: 0 });
}

/**
 * Returns a decimal string from the API with a fixed number of places and
 * thousands separators, such as fixed("12345.678", 1) = "12,345.7".
 */
export function fixed(text, places) {
  const n = Number(text);
  if (!Number.isFinite(n)) {
    return '—';
  }
  return n.toLocaleString(zh, { minimumFractionDigits: places, maximumFractionDigits: places });
}

/** Returns a volume in m³, with one place below 10,000 m³ and none above. */
export function volume(text) {
  return fixed(text, Math.abs(Number(text)) >= 10000 ? 0 : 1);
}

/**
 * Returns the text and CSS class of a change from the API ({status, percent}),
 * such as {text: "+4.17%", cls: "up"}. A change without a percentage says
 * why, because a zero or missing base has no meaningful one.
 */
export function change(c) {
  if (!c || c.status !== 'defined' || c.percent == null) {
    const reason = {
      'no-base': '无基期',
      'zero-base': '基期为0',
      'no-current': '本期无数据',
    }[c && c.status] || '—';
    return { text: reason, cls: 'undefined' };
  }
  const p = Number(c.percent);
  const sign = p > 0 ? '+' : '';
  return { text: `${sign}${c.percent}%`, cls: p > 0 ? 'up' : p < 0 ? 'down' : 'flat' };
}

/** Returns a time as HH:MM:SS in the county's time zone. */
export function clock(t) {
  return new Date(t).toLocaleTimeString(zh, { hour12: false, timeZone: zone });
}

/** Returns a time as MM-DD HH:MM in the county's time zone. */
export function shortTime(t) {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  return d.toLocaleString(zh, {
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    timeZone: zone,
  });
}
