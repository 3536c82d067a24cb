/*
 * ERP theme client — applies a theme without a reload.
 *
 *   <script src="https://theme.example/theme-client.js" data-variant="standard" data-mode="system" defer></script>
 *
 * data-variant   built-in variant (odoo | standard | modern | classic) or a custom theme id
 * data-mode      light | dark | high-contrast | system | time-of-day
 * data-light-from, data-dark-from   "HH:MM" for time-of-day (defaults 07:00 and 19:00)
 * data-timezone  IANA zone for time-of-day (default: the browser's)
 * data-manifest  where the theme manifest lives (default: /themes/manifest.json next to this script)
 *
 * window.ErpTheme.apply({ variant, customThemeId, mode, schedule, timezone, stylesheets }) switches;
 * window.ErpTheme.loadPreferences(url, fetchInit) applies a user's stored preferences;
 * document fires 'erp-theme-change' with the new state in event.detail.
 */
(() => {
  'use strict';
  const script = document.currentScript;
  const options = (script && script.dataset) || {};
  const origin = script && script.src ? new URL(script.src, location.href) : new URL(location.href);
  const manifestUrl = new URL(options.manifest || '/themes/manifest.json', origin).href;
  const root = document.documentElement;
  const queries = {
    forced: matchMedia('(forced-colors: active)'),
    contrast: matchMedia('(prefers-contrast: more)'),
    dark: matchMedia('(prefers-color-scheme: dark)'),
  };

  const state = {
    theme: options.variant || 'standard',
    mode: options.mode || 'system',
    schedule: { lightFrom: options.lightFrom || '07:00', darkFrom: options.darkFrom || '19:00' },
    timezone: options.timezone || null,
    stylesheets: null,
  };
  let manifest = null;
  let timer = null;
  let generation = 0;
  let current = null;

  const toMinutes = (hhmm) => {
    const [h, m] = String(hhmm).split(':').map(Number);
    return h * 60 + m;
  };

  /** Minutes after local midnight, in the preference's time zone when one is set. */
  const minutesNow = (now) => {
    if (!state.timezone) return now.getHours() * 60 + now.getMinutes();
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: state.timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
    const get = (type) => Number((parts.find((p) => p.type === type) || { value: 0 }).value);
    return get('hour') * 60 + get('minute');
  };

  const scheduledMode = (now) => {
    const minutes = minutesNow(now);
    const light = toMinutes(state.schedule.lightFrom);
    const dark = toMinutes(state.schedule.darkFrom);
    const isLight = light < dark ? minutes >= light && minutes < dark : minutes >= light || minutes < dark;
    return isLight ? 'light' : 'dark';
  };

  /** In system mode: forced colours or "more contrast" → high contrast, else the colour scheme. */
  const systemMode = () => {
    if (queries.forced.matches || queries.contrast.matches) return 'high-contrast';
    return queries.dark.matches ? 'dark' : 'light';
  };

  const effectiveMode = () => {
    if (state.mode === 'system') return systemMode();
    if (state.mode === 'time-of-day') return scheduledMode(new Date());
    return state.mode;
  };

  const stylesheetFor = (key, mode) => {
    if (state.stylesheets && state.stylesheets[mode]) return new URL(state.stylesheets[mode], origin).href;
    const entry = manifest && manifest.themes[key];
    return new URL(entry ? entry.css : `/themes/${key}.css`, origin).href;
  };

  /** Swaps the theme stylesheet; resolves once the new one has loaded (or failed), removing the old one. */
  const loadStylesheet = (href) => {
    const old = document.querySelector('link[data-erp-theme-css]');
    if (old && old.href === href) return Promise.resolve();
    return new Promise((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.dataset.erpThemeCss = '';
      link.onload = link.onerror = () => {
        if (old) old.remove();
        resolve();
      };
      document.head.appendChild(link);
    });
  };

  /** Milliseconds until the next schedule boundary (capped at an hour, then checked again). */
  const untilNextBoundary = (now) => {
    const minutes = minutesNow(now);
    let best = 1440;
    for (const boundary of [toMinutes(state.schedule.lightFrom), toMinutes(state.schedule.darkFrom)]) {
      best = Math.min(best, (boundary - minutes + 1440) % 1440 || 1440);
    }
    return Math.min(best * 60000 - now.getSeconds() * 1000 - now.getMilliseconds(), 3600000);
  };

  const arm = () => {
    clearTimeout(timer);
    timer = null;
    if (state.mode === 'time-of-day') timer = setTimeout(render, untilNextBoundary(new Date()));
  };

  /** Applies the current state: stylesheet first, then the attributes, so the page never flashes unstyled. */
  function render() {
    const mine = ++generation;
    const mode = effectiveMode();
    const key = `${state.theme}-${mode}`;
    arm();
    return loadStylesheet(stylesheetFor(key, mode)).then(() => {
      if (mine !== generation) return current;
      root.setAttribute('data-erp-theme', key);
      root.setAttribute('data-erp-mode', mode);
      root.setAttribute('data-erp-mode-preference', state.mode);
      root.style.colorScheme = mode === 'light' ? 'light' : 'dark';
      const changed = !current || current.key !== key || current.preference !== state.mode;
      current = { key, theme: state.theme, mode, preference: state.mode, schedule: { ...state.schedule }, timezone: state.timezone };
      if (changed) document.dispatchEvent(new CustomEvent('erp-theme-change', { detail: current }));
      return current;
    });
  }

  /** Switches theme and/or mode preference; missing fields keep their current value. */
  function apply(preference) {
    const p = preference || {};
    const theme = p.customThemeId || p.theme || p.variant;
    if (theme && theme !== state.theme) state.stylesheets = null;
    if (theme) state.theme = theme;
    if (p.mode) state.mode = p.mode;
    if (p.schedule) state.schedule = { ...state.schedule, ...p.schedule };
    if (p.timezone !== undefined) state.timezone = p.timezone || null;
    if (p.stylesheets) state.stylesheets = p.stylesheets;
    return ready.then(render);
  }

  /** Fetches stored preferences (the theme service's /api/v1/preferences/me shape) and applies them. */
  function loadPreferences(url, init) {
    return fetch(url, { credentials: 'same-origin', ...init })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`preferences: HTTP ${res.status}`))))
      .then((pref) => apply({ ...pref, stylesheets: pref.theme && pref.theme.stylesheets }));
  }

  for (const query of Object.values(queries)) {
    query.addEventListener('change', () => {
      if (state.mode === 'system') render();
    });
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.mode === 'time-of-day') render();
  });

  const ready = fetch(manifestUrl)
    .then((res) => (res.ok ? res.json() : null))
    .catch(() => null)
    .then((m) => {
      manifest = m;
    });

  window.ErpTheme = {
    apply,
    loadPreferences,
    current: () => current,
    systemMode,
    ready: ready.then(render),
  };
})();
