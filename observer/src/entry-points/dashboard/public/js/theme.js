// The dashboard's theme: the theme service's role tokens (--erp-*, served same-origin as /theme/tokens.css, which
// holds every variant × mode), in the user's variant and mode, switched without a reload by setting
// data-erp-theme="<variant>-<mode>" on <html>. Signed in: the user's stored preference, and a choice made here is
// saved back (PUT /api/v1/session/preference). Signed out: the system's colour scheme and contrast, or a mode picked
// here (remembered in localStorage: it is a choice, not a token).
import { api } from './ui.js';

const MODES = ['system', 'light', 'dark', 'high-contrast'];
const LABELS = { system: 'System', light: 'Light', dark: 'Dark', 'high-contrast': 'High contrast', 'time-of-day': 'Time of day' };
const VARIANTS = ['odoo', 'standard', 'modern', 'classic'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STORAGE_KEY = 'erp-observer-theme-mode';
const root = document.documentElement;
const media = {
  dark: matchMedia('(prefers-color-scheme: dark)'),
  contrast: matchMedia('(prefers-contrast: more)'),
  forced: matchMedia('(forced-colors: active)'),
};

const state = {
  /** The signed-in user's preference ({ variant, customThemeId, mode, schedule, timezone, … }), null when signed out. */
  preference: null,
  variant: 'standard',
  customThemeId: null,
  mode: readStoredMode(),
  selects: new Set(),
  timer: undefined,
};

function readStoredMode() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return MODES.includes(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

function storeMode(mode) {
  try {
    localStorage.setItem(STORAGE_KEY, mode);
  } catch {
    // storage refused (private mode): the choice lasts for this page
  }
}

const minutes = (hhmm) => {
  const [h, m] = String(hhmm).split(':').map(Number);
  return h * 60 + m;
};

/** Minutes since midnight now, in `timezone` (null: the browser's). */
function nowMinutes(timezone) {
  const now = new Date();
  if (!timezone) return now.getHours() * 60 + now.getMinutes();
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
    const part = (type) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return part('hour') * 60 + part('minute');
  } catch {
    return now.getHours() * 60 + now.getMinutes();
  }
}

/** Light from lightFrom until darkFrom (the window may wrap past midnight), as the theme service decides it. */
function timeOfDayMode(schedule, timezone) {
  const light = minutes(schedule?.lightFrom ?? '07:00');
  const dark = minutes(schedule?.darkFrom ?? '19:00');
  const now = nowMinutes(timezone);
  const isLight = light < dark ? now >= light && now < dark : now >= light || now < dark;
  return isLight ? 'light' : 'dark';
}

/** The mode in force: light, dark or high-contrast. */
export function effectiveMode(mode = state.mode) {
  if (mode === 'light' || mode === 'dark' || mode === 'high-contrast') return mode;
  if (mode === 'time-of-day') return timeOfDayMode(state.preference?.schedule, state.preference?.timezone ?? null);
  if (media.forced.matches || media.contrast.matches) return 'high-contrast';
  return media.dark.matches ? 'dark' : 'light';
}

/** Loads a custom theme's stylesheet (same origin, mirrored by the observer) once, next to the tokens. */
function ensureCustomStylesheet(id) {
  if (document.querySelector(`link[data-erp-custom-theme="${id}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/theme/custom/${id}.css`;
  link.dataset.erpCustomTheme = id;
  const tokens = document.querySelector('link[href^="/theme/tokens.css"]');
  if (tokens) tokens.after(link);
  else document.head.prepend(link);
}

function render() {
  const mode = effectiveMode();
  const theme = state.customThemeId ?? state.variant;
  // Until a custom theme's own stylesheet has loaded, the standard tokens of the same mode paint (tokens.css has them
  // for any key); when it loads, its block wins by specificity.
  if (state.customThemeId) ensureCustomStylesheet(state.customThemeId);
  const key = `${theme}-${mode}`;
  const changed = root.dataset.erpTheme !== key;
  root.dataset.erpTheme = key;
  root.dataset.erpMode = mode;
  for (const select of state.selects) {
    if (state.mode === 'time-of-day' && ![...select.options].some((o) => o.value === 'time-of-day'))
      select.add(new Option(LABELS['time-of-day'], 'time-of-day'));
    select.value = state.mode;
  }
  clearTimeout(state.timer);
  if (state.mode === 'time-of-day') state.timer = setTimeout(render, 60_000);
  if (changed) document.dispatchEvent(new CustomEvent('erp-theme-change', { detail: { theme, mode, key } }));
}

/**
 * Applies the signed-in user's preference from the theme service ({ variant, customThemeId, mode, schedule, timezone, … }),
 * or null when nobody is signed in (then the system's preference, or the mode picked here while signed out).
 */
export function applyPreference(pref) {
  if (pref && typeof pref === 'object') {
    state.preference = pref;
    state.variant = VARIANTS.includes(pref.variant) ? pref.variant : 'standard';
    state.customThemeId = typeof pref.customThemeId === 'string' && UUID.test(pref.customThemeId) ? pref.customThemeId : null;
    state.mode = [...MODES, 'time-of-day'].includes(pref.mode) ? pref.mode : 'system';
  } else {
    state.preference = null;
    state.variant = 'standard';
    state.customThemeId = null;
    state.mode = readStoredMode();
  }
  render();
}

/** The switcher's choice: applied at once; saved to the user's preference when signed in, else remembered locally. */
async function choose(mode) {
  state.mode = mode;
  render();
  const pref = state.preference;
  if (!pref) {
    storeMode(mode);
    return;
  }
  const body = { variant: pref.variant, customThemeId: pref.customThemeId ?? null, mode };
  if (pref.schedule) body.schedule = { lightFrom: pref.schedule.lightFrom, darkFrom: pref.schedule.darkFrom };
  if (pref.timezone !== undefined) body.timezone = pref.timezone;
  try {
    const saved = await api('/api/v1/session/preference', { method: 'PUT', body });
    // theme answers what it stored; keep the mode the user is looking at if they changed it again meanwhile
    if (saved && typeof saved === 'object' && state.mode === mode) applyPreference(saved.preference ?? saved);
    else state.preference = { ...pref, mode };
  } catch (error) {
    // 401: the session ended; anything else (theme down): keep the choice for this page
    state.preference = error && error.status === 401 ? null : { ...pref, mode };
    if (!state.preference) storeMode(mode);
  }
}

/** Renders the mode switcher into `slot` and applies the current mode (the shell calls it on every page). */
export function mountTheme(slot) {
  const wrapper = document.createElement('span');
  wrapper.className = 'theme-switch';
  const select = document.createElement('select');
  select.id =
    slot.querySelector('#theme-mode') || document.getElementById('theme-mode') ? `theme-mode-${state.selects.size + 1}` : 'theme-mode';
  select.name = 'theme-mode';
  for (const mode of MODES) select.add(new Option(LABELS[mode], mode));
  select.addEventListener('change', () => void choose(select.value));
  const label = document.createElement('label');
  label.className = 'theme-switch-label';
  label.htmlFor = select.id;
  label.textContent = 'Theme';
  wrapper.append(label, select);
  slot.appendChild(wrapper);
  state.selects.add(select);
  render();
  return select;
}

for (const query of Object.values(media)) query.addEventListener('change', () => render());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') render();
});
render();
