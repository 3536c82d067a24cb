// The frame every dashboard page shares: skip link, top bar with navigation, theme switcher and sign-in.
import { mountSession } from './session.js';
import { mountTheme } from './theme.js';
import * as theme from './theme.js';
import { el } from './ui.js';
import './vitals-beacon.js'; // every page reports its own Web Vitals (sampled; see vitals-beacon.js)

const PAGES = [
  { id: 'overview', href: '/', label: 'Overview' },
  { id: 'incidents', href: '/incidents.html', label: 'Incidents' },
  { id: 'silences', href: '/silences.html', label: 'Silences & maintenance' },
  { id: 'vitals', href: '/vitals.html', label: 'Web vitals' },
  { id: 'status', href: '/status.html', label: 'Public status' },
];

/**
 * Builds the top bar into <header id="topbar"> and starts the theme and the session.
 * `page` is the id of the current page (highlighted in the navigation).
 * Resolves to { session } once the signed-in user (or null) is known.
 */
export async function mountShell(page) {
  const header = document.getElementById('topbar');
  header.className = 'topbar';
  header.textContent = '';
  const brand = el('a', 'brand', 'ERP Observer');
  brand.href = '/';
  brand.prepend(el('span', 'logo'));
  const nav = el('nav', 'nav');
  nav.setAttribute('aria-label', 'Dashboard pages');
  for (const p of PAGES) {
    const link = el('a', p.id === page ? 'active' : '', p.label);
    link.href = p.href;
    if (p.id === page) link.setAttribute('aria-current', 'page');
    nav.appendChild(link);
  }
  const tools = el('div', 'topbar-tools');
  const themeSlot = el('div', 'theme-slot');
  const sessionSlot = el('div', 'session-slot');
  tools.append(themeSlot, sessionSlot);
  header.append(brand, nav, tools);
  if (!document.querySelector('.skip-link')) {
    const skip = el('a', 'skip-link', 'Skip to content');
    skip.href = '#main';
    document.body.prepend(skip);
  }
  mountTheme(themeSlot);
  const session = await mountSession(sessionSlot);
  // The signed-in user's theme preference (from the theme service) wins over the page's own choice; null after sign-out.
  const applyPreference = (s) => {
    if (typeof theme.applyPreference === 'function') theme.applyPreference(s && s.preference ? s.preference : null);
  };
  applyPreference(session);
  document.addEventListener('erp-session', (event) => applyPreference(event.detail));
  return { session };
}
