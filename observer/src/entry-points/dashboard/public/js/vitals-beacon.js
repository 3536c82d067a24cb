// This page's Web Vitals (LCP, INP, CLS, FCP, TTFB), sent to the observer once per page load when the page is hidden.
// Imported by shell.js, so every dashboard page reports. Sampling is decided once per page load with the rate from
// GET /api/v1/vitals/config (OBSERVER_VITALS_SAMPLE_RATE, default 1: every load, the dashboard has few users);
// the web-vitals library (served from /vendor, script-src 'self') is loaded only when this load is sampled.
// The beacon is a keepalive fetch without credentials (no cookies: it is public), text/plain so it needs no preflight.

const ENDPOINT = '/api/v1/vitals';
const pending = new Map();
const sent = new Set();

function flush() {
  if (pending.size === 0) return;
  const metrics = [...pending.values()];
  pending.clear();
  for (const m of metrics) sent.add(m.name);
  const body = JSON.stringify({ page: location.pathname, metrics });
  try {
    fetch(ENDPOINT, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } }).catch(
      () => {},
    );
  } catch {
    navigator.sendBeacon?.(ENDPOINT, body);
  }
}

/** Keeps the first final value of each metric of this page load (later reports of the same metric are not re-sent). */
function queue(metric) {
  if (sent.has(metric.name)) return;
  pending.set(metric.name, {
    name: metric.name,
    value: Math.round(metric.value * 10000) / 10000,
    rating: metric.rating,
    id: metric.id,
    navigationType: metric.navigationType,
  });
}

async function start() {
  let rate = 1;
  let script = '/vendor/web-vitals/web-vitals.js';
  try {
    const response = await fetch('/api/v1/vitals/config', { credentials: 'omit' });
    if (response.ok) {
      const config = await response.json();
      if (typeof config.sampleRate === 'number') rate = config.sampleRate;
      if (typeof config.script === 'string' && config.script.startsWith('/')) script = config.script;
    }
  } catch {
    // the observer is unreachable: report with the defaults (the beacon will fail the same way, silently)
  }
  if (!(Math.random() < rate)) return;
  const { onLCP, onINP, onCLS, onFCP, onTTFB } = await import(script);
  // Registered after web-vitals' own listeners, so the final values are queued when this one runs.
  onLCP(queue);
  onINP(queue);
  onCLS(queue);
  onFCP(queue);
  onTTFB(queue);
  addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  addEventListener('pagehide', flush);
}

start().catch(() => {});
