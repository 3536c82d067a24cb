// Applies the dashboard's colours: the theme service's role tokens (--erp-*), light / dark / high contrast.
const MODES = ['system', 'light', 'dark', 'high-contrast'];
const dark = matchMedia('(prefers-color-scheme: dark)');
const more = matchMedia('(prefers-contrast: more)');

function resolved(mode) {
  if (mode !== 'system') return mode;
  if (more.matches) return 'high-contrast';
  return dark.matches ? 'dark' : 'light';
}

function apply(mode) {
  document.documentElement.dataset.erpTheme = `standard-${resolved(mode)}`;
}

/** Renders the mode switcher into `slot` and applies the current mode. */
export function mountTheme(slot) {
  let mode = 'system';
  apply(mode);
  const select = document.createElement('select');
  select.setAttribute('aria-label', 'Colour mode');
  for (const m of MODES) select.add(new Option(m === 'high-contrast' ? 'high contrast' : m, m));
  select.value = mode;
  select.addEventListener('change', () => {
    mode = select.value;
    apply(mode);
  });
  dark.addEventListener('change', () => apply(mode));
  more.addEventListener('change', () => apply(mode));
  slot.appendChild(select);
}
