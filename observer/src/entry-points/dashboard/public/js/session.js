// The admin session: who is signed in. Reading is public; every action needs the role admin.
// The observer keeps hr's tokens in HttpOnly cookies: nothing secret is ever visible to this script or stored by it.
import { api, el } from './ui.js';

const SIGNED_OUT = Object.freeze({ user: null, preference: null });
let current = SIGNED_OUT;

/** The session as last known: { user, preference } (user null when nobody is signed in). */
export const currentSession = () => current;

/** True when the signed-in user may act (role admin). */
export const isAdmin = (session = current) => Boolean(session.user && session.user.roles.includes('admin'));

function setSession(next, announce) {
  current = next && next.user ? { user: next.user, preference: next.preference ?? null } : SIGNED_OUT;
  document.documentElement.dataset.role = current.user ? (isAdmin(current) ? 'admin' : 'reader') : '';
  if (announce) document.dispatchEvent(new CustomEvent('erp-session', { detail: current }));
}

/** The sign-in dialog: email and password, hr's refusal shown in it (wrong password, locked account). */
function buildDialog(onSignedIn) {
  const dialog = el('dialog', 'session-dialog');
  dialog.setAttribute('aria-labelledby', 'session-dialog-title');
  const form = el('form', 'session-form');
  form.noValidate = true;
  const title = el('h2', '', 'Sign in');
  title.id = 'session-dialog-title';
  const hint = el('p', 'hint', 'With your hr account. Everyone may read the dashboard; actions need the admin role.');
  const email = el('input');
  Object.assign(email, { id: 'session-email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = el('input');
  Object.assign(password, { id: 'session-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const emailLabel = el('label', 'field', 'Email');
  emailLabel.htmlFor = email.id;
  const passwordLabel = el('label', 'field', 'Password');
  passwordLabel.htmlFor = password.id;
  const error = el('p', 'notice error');
  error.id = 'session-error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const submit = el('button', 'btn primary', 'Sign in');
  submit.type = 'submit';
  const cancel = el('button', 'btn', 'Cancel');
  cancel.type = 'button';
  cancel.addEventListener('click', () => dialog.close());
  const actions = el('div', 'session-actions');
  actions.append(submit, cancel);
  form.append(title, hint, emailLabel, email, passwordLabel, password, error, actions);
  dialog.appendChild(form);

  const showError = (message) => {
    error.textContent = message;
    error.hidden = !message;
    for (const input of [email, password]) {
      if (message) input.setAttribute('aria-describedby', error.id);
      else input.removeAttribute('aria-describedby');
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      showError('Enter your email and password.');
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    showError('');
    try {
      const session = await api('/api/v1/session', { method: 'POST', body: { email: email.value.trim(), password: password.value } });
      password.value = '';
      dialog.close();
      onSignedIn(session);
    } catch (e) {
      const retry = e.problem && e.problem.retryAfterSeconds ? ` (try again in ${e.problem.retryAfterSeconds} s)` : '';
      showError(`${e.message}${retry}`);
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  dialog.addEventListener('close', () => {
    showError('');
    password.value = '';
  });
  return { dialog, open: () => (dialog.showModal(), email.focus()) };
}

function render(slot, refocus) {
  slot.textContent = '';
  if (!current.user) {
    const { dialog, open } = buildDialog((session) => {
      setSession(session, true);
      render(slot, true);
    });
    const button = el('button', 'btn session-button', 'Sign in');
    button.type = 'button';
    button.id = 'sign-in';
    button.addEventListener('click', open);
    slot.append(button, dialog);
    if (refocus) button.focus();
    return;
  }
  const who = el('span', 'session-user', `${current.user.name} (${isAdmin() ? 'admin' : 'read-only'})`);
  who.title = current.user.email ?? '';
  const out = el('button', 'btn session-button', 'Sign out');
  out.type = 'button';
  out.id = 'sign-out';
  out.addEventListener('click', async () => {
    out.disabled = true;
    try {
      await api('/api/v1/session', { method: 'DELETE' });
    } catch {
      // the cookies are cleared by the answer; a failed call leaves them, and the next GET tells
    }
    setSession(SIGNED_OUT, true);
    render(slot, true);
  });
  slot.append(who, el('span', 'session-sep', '·'), out);
  if (refocus) out.focus();
}

/**
 * Renders the session area into `slot` ("Sign in", or "name (admin) · Sign out"); resolves to { user, preference }
 * ({ user: null, preference: null } when nobody is signed in or the observer cannot tell). Sets
 * <html data-role="admin|reader|"> and fires `erp-session` on document whenever the session changes.
 */
export async function mountSession(slot) {
  try {
    setSession(await api('/api/v1/session'), false);
  } catch {
    setSession(SIGNED_OUT, false);
  }
  render(slot, false);
  return current;
}
