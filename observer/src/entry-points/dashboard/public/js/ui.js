// Small DOM and formatting helpers shared by every dashboard page (ES module, no build step).

/** document.getElementById */
export const $ = (id) => document.getElementById(id);

/** Creates an element with an optional class and text (text is always set as textContent, never as HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export const fmtMs = (ms) => (ms === null || ms === undefined ? '—' : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);
export const fmtPct = (p) => (p === null || p === undefined ? '—' : `${p}%`);
export const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

/** "42s", "5m", "3h", "2d" since an ISO time. */
export function fmtAgo(iso) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** "1 h 5 min", "42 s" for a duration in seconds. */
export function fmtDuration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A problem+json answer (or a network failure) as an Error whose message is the problem's detail or title. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * fetch against the observer's own API. JSON in, JSON out; same-origin cookies (the admin session) go along;
 * writes carry the header the observer requires of cookie-authenticated requests (CSRF guard).
 */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['x-erp-csrf'] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/** The page's query parameters. */
export const query = () => new URLSearchParams(location.search);
