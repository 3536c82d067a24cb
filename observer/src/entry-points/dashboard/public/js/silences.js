// Silences & maintenance: list what mutes alerts now, later and lately; admins create (one-off or weekly) and end early.
import { currentSession, isAdmin } from './session.js';
import { mountShell } from './shell.js';
import { $, api, el, fmtTime } from './ui.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEK_MS = 7 * 86_400_000;
let targets = [];
let counter = 0;

/** "target orders", "labels team=commerce", or both. */
function covers(item) {
  const labels = Object.entries(item.labels || {}).map(([k, v]) => `${k}=${v}`);
  const parts = [];
  if (item.target) parts.push(item.target);
  if (labels.length) parts.push(`labels ${labels.join(', ')}`);
  return parts.join(' · ') || '—';
}

function when(item) {
  if (item.kind === 'silence') return `${fmtTime(item.startsAt)} → ${fmtTime(item.expiresAt)}`;
  if (!item.recurrence) return `${fmtTime(item.startsAt)} → ${fmtTime(item.endsAt)}`;
  const r = item.recurrence;
  const days = r.daysOfWeek.map((d) => DAYS[d]).join(', ');
  const bounds = item.endsAt ? ` until ${fmtTime(item.endsAt)}` : '';
  return `Weekly ${days} at ${r.startTime} UTC for ${r.durationMinutes} min (from ${fmtTime(item.startsAt)}${bounds})`;
}

/** Sorts silences and windows into active, upcoming (or scheduled weekly) and ended within 7 days. */
function classify(silences, windows, now = Date.now()) {
  const items = [
    ...silences.map((s) => ({ ...s, kind: 'silence', end: Date.parse(s.expiresAt) })),
    ...windows.map((m) => ({ ...m, kind: 'maintenance', end: m.endsAt ? Date.parse(m.endsAt) : Infinity })),
  ];
  const current = [];
  const ended = [];
  for (const item of items) {
    const start = Date.parse(item.startsAt);
    if (item.end <= now) {
      if (now - item.end <= WEEK_MS) ended.push(item);
      continue;
    }
    item.status = item.active ? 'Active' : start > now ? 'Upcoming' : 'Scheduled';
    current.push(item);
  }
  const rank = { Active: 0, Scheduled: 1, Upcoming: 2 };
  current.sort((a, b) => rank[a.status] - rank[b.status] || Date.parse(a.startsAt) - Date.parse(b.startsAt));
  ended.sort((a, b) => b.end - a.end);
  return { current, ended };
}

/** The admin's action on a row: end it now, or cancel one that has not started (the accessible name starts with the visible label). */
function actionFor(item) {
  const started = Date.parse(item.startsAt) <= Date.now();
  const what = `${item.kind === 'silence' ? 'silence' : 'maintenance window'} for ${covers(item)}`;
  let label;
  let call;
  if (item.kind === 'silence') {
    label = started ? 'End now' : 'Cancel';
    call = () => api(`/api/v1/silences/${item.id}`, { method: 'DELETE' });
  } else if (!started) {
    label = 'Cancel';
    call = () => api(`/api/v1/maintenance/${item.id}`, { method: 'DELETE' });
  } else {
    label = item.recurrence ? 'End series' : 'End now';
    call = () => api(`/api/v1/maintenance/${item.id}/end`, { method: 'POST' });
  }
  return { label, aria: `${label}: ${what}`, call };
}

function table(items, { withActions }) {
  if (items.length === 0) return el('p', 'empty', 'Nothing here.');
  const admin = withActions && isAdmin();
  const t = el('table', 'table');
  const head = t.createTHead().insertRow();
  for (const h of ['Kind', 'Covers', 'When', ...(withActions ? ['Status'] : []), 'Comment', ...(admin ? ['Action'] : [])]) {
    const th = el('th', '', h);
    th.scope = 'col';
    head.appendChild(th);
  }
  const body = t.createTBody();
  for (const item of items) {
    const row = body.insertRow();
    row.dataset.id = item.id;
    row.dataset.kind = item.kind;
    row.insertCell().appendChild(el('span', 'mute-kind', item.kind === 'silence' ? 'Silence' : 'Maintenance'));
    row.insertCell().textContent = covers(item);
    row.insertCell().textContent = when(item);
    if (withActions) row.insertCell().appendChild(el('span', `pill ${item.status === 'Active' ? 's-MAINTENANCE' : ''}`, item.status));
    row.insertCell().textContent = item.comment;
    if (admin) {
      const action = actionFor(item);
      const button = el('button', 'btn danger', action.label);
      button.type = 'button';
      button.setAttribute('aria-label', action.aria);
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await action.call();
          say(`${action.label === 'Cancel' ? 'Cancelled' : 'Ended'}: ${item.kind} for ${covers(item)}.`);
          await refresh();
          $('current-title').focus();
        } catch (e) {
          say(e.message, true);
          button.disabled = false;
        }
      });
      row.insertCell().appendChild(button);
    }
  }
  return t;
}

function say(message, isError = false) {
  const status = $('action-status');
  status.textContent = message;
  status.className = isError ? 'notice error' : 'notice';
  status.hidden = !message;
}

async function refresh() {
  const [silences, windows] = await Promise.all([api('/api/v1/silences?all=true'), api('/api/v1/maintenance?all=true')]);
  const { current, ended } = classify(silences, windows);
  $('current').replaceChildren(table(current, { withActions: true }));
  $('ended').replaceChildren(table(ended, { withActions: false }));
  $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

// ---- the create form (built only for admins) ----

function field(label, input, hint) {
  const id = `f${(counter += 1)}`;
  input.id = id;
  const wrap = el('div', 'field');
  const l = el('label', '', label);
  l.htmlFor = id;
  wrap.append(l, input);
  if (hint) {
    const h = el('span', 'hint', hint);
    h.id = `${id}-hint`;
    input.setAttribute('aria-describedby', h.id);
    wrap.appendChild(h);
  }
  return wrap;
}

function radios(legend, name, options) {
  const set = el('fieldset');
  set.appendChild(el('legend', '', legend));
  for (const [value, label, checked] of options) {
    const input = el('input');
    Object.assign(input, { type: 'radio', name, value, checked: Boolean(checked), id: `${name}-${value}` });
    const l = el('label', 'check');
    l.htmlFor = input.id;
    l.append(input, label);
    set.appendChild(l);
  }
  return set;
}

/** "team=commerce, env=prod" → { team: 'commerce', env: 'prod' }; throws naming a bad pair. */
function parseLabels(text) {
  const labels = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf('=');
    if (at < 1) throw new Error(`"${part}" is not key=value`);
    labels[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return labels;
}

function buildForm() {
  const form = el('form', 'mute-form');
  form.id = 'create-form';
  form.noValidate = true;
  const kind = radios('What', 'kind', [
    ['silence', 'Silence (mute alerts)', true],
    ['maintenance', 'Maintenance window'],
  ]);
  const schedule = radios('When', 'schedule', [
    ['once', 'One-off', true],
    ['weekly', 'Every week (maintenance only)'],
  ]);
  const target = el('select');
  target.name = 'target';
  target.add(new Option('— any target (use labels) —', ''));
  for (const t of targets) target.add(new Option(t, t));
  const labels = el('input');
  Object.assign(labels, { name: 'labels', type: 'text', placeholder: 'team=commerce, env=prod', autocomplete: 'off' });
  const matchRow = el('div', 'row');
  matchRow.append(field('Target', target), field('Labels', labels, 'all must match; with a target, both'));

  const startsAt = el('input');
  Object.assign(startsAt, { name: 'startsAt', type: 'datetime-local' });
  const duration = el('input');
  Object.assign(duration, { name: 'durationMinutes', type: 'number', min: '1', step: '1', value: '60', inputMode: 'numeric' });
  const onceRow = el('div', 'row');
  onceRow.append(field('Starts (your time)', startsAt, 'empty: now'), field('Duration (minutes)', duration));

  const days = el('fieldset');
  days.appendChild(el('legend', '', 'Days (UTC)'));
  DAYS.forEach((name, i) => {
    const box = el('input');
    Object.assign(box, { type: 'checkbox', name: 'day', value: String(i), id: `day-${i}` });
    const l = el('label', 'check');
    l.htmlFor = box.id;
    l.append(box, name);
    days.appendChild(l);
  });
  const startTime = el('input');
  Object.assign(startTime, { name: 'startTime', type: 'time', value: '02:00' });
  const weeklyDuration = el('input');
  Object.assign(weeklyDuration, { name: 'weeklyDuration', type: 'number', min: '1', step: '1', value: '60', inputMode: 'numeric' });
  const weeklyRow = el('div', 'row');
  weeklyRow.append(days, field('Start time (UTC)', startTime), field('Duration (minutes)', weeklyDuration));
  weeklyRow.hidden = true;

  const comment = el('textarea');
  Object.assign(comment, { name: 'comment', required: true, maxLength: 1000 });
  const errors = el('div', 'notice error');
  errors.setAttribute('role', 'alert');
  errors.id = 'create-errors';
  errors.hidden = true;
  const submit = el('button', 'btn primary', 'Create');
  submit.type = 'submit';
  const actions = el('div', 'actions');
  actions.appendChild(submit);
  form.append(kind, schedule, matchRow, onceRow, weeklyRow, field('Comment', comment, 'why, and who to ask'), errors, actions);

  const value = (name) => form.elements[name].value;
  const sync = () => {
    const isSilence = value('kind') === 'silence';
    const weeklyBox = form.querySelector('#schedule-weekly');
    weeklyBox.disabled = isSilence;
    if (isSilence && weeklyBox.checked) form.querySelector('#schedule-once').checked = true;
    const weekly = value('schedule') === 'weekly';
    weeklyRow.hidden = !weekly;
    onceRow.hidden = weekly;
  };
  form.addEventListener('change', sync);
  sync();

  const showErrors = (message, fieldErrors = []) => {
    errors.replaceChildren(el('p', '', message));
    if (fieldErrors.length) {
      const list = el('ul', 'mute-errors');
      for (const e of fieldErrors) list.appendChild(el('li', '', `${e.field ? `${e.field}: ` : ''}${e.message}`));
      errors.appendChild(list);
    }
    errors.hidden = !message;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showErrors('');
    let body;
    try {
      body = { comment: comment.value.trim() };
      if (!body.comment) throw new Error('Write a comment: why, and who to ask.');
      if (target.value) body.target = target.value;
      const parsed = parseLabels(labels.value);
      if (Object.keys(parsed).length) body.labels = parsed;
      if (!body.target && !body.labels) throw new Error('Choose a target, give labels, or both.');
      const weekly = value('schedule') === 'weekly';
      if (weekly) {
        const picked = [...form.querySelectorAll('input[name=day]:checked')].map((b) => Number(b.value));
        if (!picked.length) throw new Error('Pick at least one day.');
        body.recurrence = { daysOfWeek: picked, startTime: startTime.value, durationMinutes: Number(weeklyDuration.value) };
      } else {
        const start = startsAt.value ? new Date(startsAt.value) : new Date();
        const minutes = Number(duration.value);
        if (!Number.isInteger(minutes) || minutes < 1) throw new Error('The duration is a whole number of minutes, at least 1.');
        if (value('kind') === 'silence') {
          if (startsAt.value) body.startsAt = start.toISOString();
          body.durationMinutes = minutes;
        } else {
          body.startsAt = start.toISOString();
          body.endsAt = new Date(start.getTime() + minutes * 60_000).toISOString();
        }
      }
    } catch (e) {
      showErrors(e.message);
      return;
    }
    submit.disabled = true;
    try {
      await api(value('kind') === 'silence' ? '/api/v1/silences' : '/api/v1/maintenance', { method: 'POST', body });
      say(`Created: ${value('kind') === 'silence' ? 'silence' : 'maintenance window'} for ${covers(body)}.`);
      comment.value = '';
      await refresh();
    } catch (e) {
      showErrors(e.message, (e.problem && e.problem.errors) || []);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function renderAccess() {
  const session = currentSession();
  const access = $('access');
  const panel = $('create-panel');
  const admin = isAdmin(session);
  if (admin) access.textContent = `Signed in as ${session.user.name}: you can create silences and maintenance windows and end them.`;
  else if (session.user) access.textContent = `Signed in as ${session.user.name}, read-only: creating and ending needs the admin role.`;
  else access.textContent = 'Read-only: sign in as an admin to create silences and maintenance windows or end them.';
  panel.hidden = !admin;
  const existing = $('create-form');
  if (admin && !existing) panel.appendChild(buildForm());
  if (!admin && existing) existing.remove();
}

async function start() {
  await mountShell('silences');
  $('current-title').tabIndex = -1;
  targets = (await api('/api/v1/services')).map((s) => s.name).sort();
  renderAccess();
  await refresh();
  document.addEventListener('erp-session', () => {
    renderAccess();
    refresh().catch((e) => say(e.message, true));
  });
  setInterval(() => refresh().catch(() => undefined), 30_000);
}

start().catch((e) => say(e.message, true));
