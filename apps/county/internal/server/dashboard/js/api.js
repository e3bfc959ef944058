// The dashboard's access to the county server's JSON API. The token from
// login is kept in sessionStorage, so it lasts while the tab is open, and
// sent as a bearer token. The event stream uses the cookie that login sets.

const tokenKey = 'county.token';

/** ApiError is a failed request, with the API's error code and field. */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || '';
  }
}

/** Returns the stored token, or an empty string. */
export function token() {
  return sessionStorage.getItem(tokenKey) || '';
}

/** Logs in and stores the token; returns the login response. */
export async function login(account, secret) {
  const res = await fetch('/api/v1/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ account, secret }),
    credentials: 'same-origin',
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, body);
  }
  sessionStorage.setItem(tokenKey, body.token);
  return body;
}

/** Logs out, which revokes the token, and removes it from sessionStorage. */
export async function logout() {
  const t = token();
  sessionStorage.removeItem(tokenKey);
  if (t) {
    await fetch('/api/v1/logout', { method: 'POST', headers: { Authorization: `Bearer ${t}` } }).catch(() => {});
  }
}

/**
 * Returns the JSON body of GET path. It resolves to null for 404 when
 * optional is true, for routes that an older server lacks.
 */
export async function get(path, { optional = false } = {}) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
  if (optional && res.status === 404) {
    return null;
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, body);
  }
  return body;
}
