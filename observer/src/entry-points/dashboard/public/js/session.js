// The admin session: who is signed in (null when nobody is). Reading is public; actions need the admin role.

/** Renders the session area into `slot`; resolves to the signed-in user or null. */
export async function mountSession(slot) {
  slot.textContent = '';
  return null;
}
