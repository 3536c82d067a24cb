/* The demo page's Web Vitals (LCP, INP, CLS, FCP, TTFB), reported to the observer once per page load when the page is
 * hidden. Loaded only when the theme service knows the observer's address (OBSERVER_PUBLIC_URL); the sampling decision
 * (THEME_VITALS_SAMPLE_RATE) is made once per load, and the web-vitals library is fetched only for a sampled load.
 * The beacon is a keepalive fetch without credentials, text/plain (a CORS-safelisted type: no preflight). */
(() => {
  'use strict';
  const script = document.currentScript;
  const endpoint = script && script.dataset.endpoint;
  if (!endpoint || !script.dataset.webVitals) return;
  const rate = Number(script.dataset.sampleRate);
  if (!(Math.random() < (Number.isFinite(rate) ? rate : 1))) return;

  const page = `theme:${location.pathname}`;
  const pending = new Map();
  const sent = new Set();
  const queue = (metric) => {
    if (sent.has(metric.name)) return;
    pending.set(metric.name, {
      name: metric.name,
      value: Math.round(metric.value * 10000) / 10000,
      rating: metric.rating,
      id: metric.id,
      navigationType: metric.navigationType,
    });
  };
  const flush = () => {
    if (pending.size === 0) return;
    const metrics = [...pending.values()];
    pending.clear();
    for (const m of metrics) sent.add(m.name);
    const body = JSON.stringify({ page, metrics });
    try {
      fetch(endpoint, {
        method: 'POST',
        body,
        keepalive: true,
        mode: 'cors',
        credentials: 'omit',
        headers: { 'content-type': 'text/plain' },
      }).catch(() => {});
    } catch {
      if (navigator.sendBeacon) navigator.sendBeacon(endpoint, body);
    }
  };

  const library = document.createElement('script');
  library.src = script.dataset.webVitals;
  library.addEventListener('load', () => {
    const { onLCP, onINP, onCLS, onFCP, onTTFB } = window.webVitals;
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
  });
  document.head.appendChild(library);
})();
