// The public status page's theme: the same tokens and switcher as the dashboard, without a session (a customer's
// system preference, or the mode picked here).
import { applyPreference, mountTheme } from './theme.js';

const slot = document.getElementById('theme-slot');
if (slot) mountTheme(slot);
applyPreference(null);
