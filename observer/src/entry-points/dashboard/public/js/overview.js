// The overview: every target with its state, a heartbeat bar of its latest polls, uptime, p95, cause and the watchdog's
// state; grouped and filtered; live from the stream. Stream events only touch the model; the DOM is written in batches
// (at most every FLUSH_MS, in an animation frame), and only for rows that changed.
import { mountShell } from './shell.js';
import { $, api, el, fmtMs, fmtPct, fmtTime } from './ui.js';

const BEATS = 50;
const FLUSH_MS = 250;
const SAMPLE_BATCH_MS = 500;
const STATES = ['UP', 'DEGRADED', 'PENDING', 'DOWN', 'MAINTENANCE'];
const RECENT_MAX = 25;
const OUTCOME_WORD = { ok: 'ok', degraded: 'degraded', fail: 'failed' };

/** name → { svc, beats: [], row: {…DOM refs}, shown: {…last written values}, dirty } */
const targets = new Map();
const dirty = new Set();
let summaryDirty = false;
let layoutDirty = false;
let flushTimer = null;
let flushFrame = 0;
let lastFlush = 0;
let firstRender = true;
/** Counters a benchmark reads (plain numbers: reading them costs the page nothing). */
const stats = { samples: 0, flushes: 0, rowsWritten: 0 };
globalThis.overviewStats = stats;

const displayState = (svc) => (svc.state === 'UP' && svc.degraded ? 'DEGRADED' : svc.state);
const labelText = (labels) =>
  Object.entries(labels || {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
const timeOf = (ms) => new Date(ms).toLocaleTimeString();
/** The time of day within the last day, else date and time. */
const shortTime = (iso) => (Math.abs(Date.now() - Date.parse(iso)) < 86_400_000 ? new Date(iso).toLocaleTimeString() : fmtTime(iso));

// ---------- rows ----------

function buildRow(t) {
  const row = el('div', 'row');
  row.setAttribute('role', 'row');
  const nameCell = el('div', 'cell-name');
  nameCell.setAttribute('role', 'rowheader');
  const link = el('a', 'target-name', t.svc.name);
  link.href = `/target.html?name=${encodeURIComponent(t.svc.name)}`;
  const labels = el('span', 'labels', labelText(t.svc.labels));
  nameCell.append(link, labels);
  const stateCell = cell('cell-state');
  const pill = el('span', 'pill');
  stateCell.appendChild(pill);
  const beatsCell = cell('cell-beats');
  const bar = el('div', 'beats');
  bar.setAttribute('role', 'img');
  beatsCell.appendChild(bar);
  const uptimeCell = cell('uptime');
  const up24 = el('span');
  const up7 = el('span');
  const up30 = el('span');
  uptimeCell.append(up24, up7, up30);
  const p95 = cell('p95');
  const cause = cell('cause');
  const wd = cell('wd');
  row.append(nameCell, stateCell, beatsCell, uptimeCell, p95, cause, wd);
  t.row = { row, link, labels, pill, bar, up24, up7, up30, p95, cause, wd };
  t.shown = {};
  for (const beat of t.beats) bar.appendChild(beatNode(beat));
  t.pendingBeats = 0;
  writeRow(t);
  return row;
}

function cell(className) {
  const node = el('div', className);
  node.setAttribute('role', 'cell');
  return node;
}

/** One poll as a block of the bar; its title (time, latency, reason) is made on first hover. */
const beatData = new WeakMap();
const beatProto = Object.fromEntries(['ok', 'degraded', 'fail'].map((o) => [o, el('span', `b b-${o}`)]));
function beatNode(beat) {
  const node = beatProto[beat.outcome].cloneNode(false);
  beatData.set(node, beat);
  return node;
}

/** Writes whatever changed of a row (text is compared first: most samples change only the bar). */
function writeRow(t) {
  const { svc, row, shown } = t;
  const state = displayState(svc);
  set(shown, 'state', state, () => {
    row.row.className = `row s-${state}`;
    row.pill.className = `pill s-${state}`;
    row.pill.textContent = state;
  });
  const beatsChanged = t.pendingBeats > 0 || shown.barLabel === undefined;
  if (t.pendingBeats > 0) {
    const bar = row.bar;
    if (t.pendingBeats >= BEATS) {
      bar.textContent = '';
      for (const beat of t.beats) bar.appendChild(beatNode(beat));
    } else {
      for (const beat of t.beats.slice(-t.pendingBeats)) bar.appendChild(beatNode(beat));
      while (bar.childElementCount > BEATS) bar.firstElementChild.remove();
    }
    t.pendingBeats = 0;
  }
  if (beatsChanged) set(shown, 'barLabel', barLabel(t), (label) => row.bar.setAttribute('aria-label', label));
  const uptime = svc.uptime || {};
  set(shown, 'up24', `24 h ${fmtPct(uptime['24h'])}`, (v) => (row.up24.textContent = v));
  set(shown, 'up7', `7 d ${fmtPct(uptime['7d'])}`, (v) => (row.up7.textContent = v));
  set(shown, 'up30', `30 d ${fmtPct(uptime['30d'])}`, (v) => (row.up30.textContent = v));
  set(shown, 'p95', fmtMs(svc.p95LatencyMs), (v) => (row.p95.textContent = v));
  const [causeText, causeClass] = causeOf(svc);
  set(shown, 'cause', `${causeClass}|${causeText}`, () => {
    row.cause.textContent = causeText;
    row.cause.title = causeText;
    row.cause.className = `cause ${causeClass}`;
  });
  const [wdText, wdClass] = watchdogOf(svc.watchdog);
  set(shown, 'wd', `${wdClass}|${wdText}`, () => {
    row.wd.textContent = wdText;
    row.wd.title = svc.watchdog?.lastEvent ? `${svc.watchdog.lastEvent.kind}: ${svc.watchdog.lastEvent.message}` : '';
    row.wd.className = `wd ${wdClass}`;
  });
}

function set(shown, key, value, write) {
  if (shown[key] === value) return;
  shown[key] = value;
  write(value);
}

/** The accessible summary of a whole bar (the blocks themselves are not focusable). */
function barLabel(t) {
  const shownBeats = t.beats.slice(-BEATS);
  if (shownBeats.length === 0) return 'No checks yet';
  let ok = 0;
  let degraded = 0;
  let failed = 0;
  for (const b of shownBeats) {
    if (b.outcome === 'ok') ok += 1;
    else if (b.outcome === 'degraded') degraded += 1;
    else failed += 1;
  }
  const last = shownBeats[shownBeats.length - 1];
  return `Last ${shownBeats.length} checks: ${ok} ok, ${degraded} degraded, ${failed} failed; latest ${OUTCOME_WORD[last.outcome]}`;
}

function causeOf(svc) {
  if (svc.rootCause && svc.rootCause !== svc.name) return [`root cause: ${svc.rootCause}`, 'bad'];
  if (svc.state === 'DOWN' || svc.state === 'PENDING') return [svc.error || (svc.rootCause ? 'failing itself' : ''), 'bad'];
  if (svc.degraded && svc.degradedReasons?.length) return [svc.degradedReasons.join('; '), 'warn'];
  return ['', ''];
}

function watchdogOf(wd) {
  if (!wd) return ['—', 'muted'];
  if (wd.gaveUp) return [`gave up ${shortTime(wd.gaveUpAt)}`, 'bad'];
  const parts = [];
  if (wd.restarts24h > 0) parts.push(`${wd.restarts24h} restart${wd.restarts24h === 1 ? '' : 's'} in 24 h`);
  if (wd.backoffUntil) parts.push(`backoff until ${shortTime(wd.backoffUntil)}`);
  if (parts.length === 0) return [wd.lastEvent ? wd.lastEvent.kind : '—', 'muted'];
  return [parts.join(' · '), wd.restarts24h >= 3 ? 'bad' : ''];
}

// Hover: a block's title is made when the pointer first reaches it.
function onHover(event) {
  const node = event.target;
  if (!(node instanceof HTMLElement) || !node.classList.contains('b') || node.title) return;
  const beat = beatData.get(node);
  if (beat)
    node.title = `${timeOf(beat.at)} · ${OUTCOME_WORD[beat.outcome]} · ${fmtMs(beat.latencyMs)}${beat.reason ? ` · ${beat.reason}` : ''}`;
}

// ---------- filters and groups ----------

const filterText = $('filter-text');
const filterLabel = $('filter-label');
const groupBy = $('group-by');
const stateBoxes = new Map();

function buildStateChips() {
  const box = $('filter-state');
  for (const state of STATES) {
    const label = el('label', 'chip');
    const input = el('input');
    input.type = 'checkbox';
    input.checked = true;
    input.value = state;
    input.addEventListener('change', () => relayout());
    label.append(input, document.createTextNode(state));
    box.appendChild(label);
    stateBoxes.set(state, input);
  }
}

function matches(svc) {
  if (!stateBoxes.get(displayState(svc))?.checked) return false;
  const label = filterLabel.value;
  if (label) {
    const [k, v] = label.split('=');
    if (svc.labels?.[k] !== v) return false;
  }
  const q = filterText.value.trim().toLowerCase();
  return q === '' || `${svc.name} ${labelText(svc.labels)}`.toLowerCase().includes(q);
}

function groupOf(svc) {
  const key = groupBy.value;
  if (!key) return 'All targets';
  if (key === 'state') return displayState(svc);
  if (key === 'kind') return svc.kind;
  return svc.labels?.[key] ?? `no ${key}`;
}

/** Label choices (key=value) and group-by keys from the targets' labels; keeps the user's choice. */
function refreshChoices() {
  const pairs = new Set();
  const keys = new Set();
  for (const t of targets.values())
    for (const [k, v] of Object.entries(t.svc.labels || {})) {
      pairs.add(`${k}=${v}`);
      keys.add(k);
    }
  const keep = (select, values, fixed) => {
    const current = select.value;
    const wanted = [...fixed, ...[...values].sort()];
    const have = [...select.options].map((o) => o.value);
    if (have.join('\n') === wanted.map((w) => w[0]).join('\n')) return;
    select.textContent = '';
    for (const [value, text] of wanted) select.add(new Option(text, value));
    select.value = wanted.some((w) => w[0] === current) ? current : '';
  };
  keep(
    filterLabel,
    [...pairs].map((p) => [p, p]),
    [['', 'any label']],
  );
  keep(
    groupBy,
    [...keys].map((k) => [k, `label: ${k}`]),
    [
      ['', 'nothing'],
      ['state', 'state'],
      ['kind', 'kind'],
    ],
  );
}

const groups = new Map();
const stateOrder = (name) => (STATES.includes(name) ? STATES.indexOf(name) : -1);

/** Puts every row into its group and applies the filters (on load, on a filter change, on a regrouping change). */
function relayout() {
  layoutDirty = false;
  const container = $('groups');
  const wanted = new Map();
  let shownCount = 0;
  for (const t of targets.values()) {
    const name = groupOf(t.svc);
    if (!wanted.has(name)) wanted.set(name, []);
    wanted.get(name).push(t);
    t.group = name;
  }
  const names = [...wanted.keys()].sort((a, b) => stateOrder(b) - stateOrder(a) || a.localeCompare(b));
  const fragment = document.createDocumentFragment();
  for (const [name, g] of groups) {
    if (wanted.has(name)) continue;
    g.section.remove();
    groups.delete(name);
  }
  for (const name of names) {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = buildGroup(name)));
    const members = wanted.get(name).sort((a, b) => a.svc.name.localeCompare(b.svc.name));
    const body = document.createDocumentFragment();
    for (const t of members) {
      const show = matches(t.svc);
      t.row.row.hidden = !show;
      if (show) shownCount += 1;
      body.appendChild(t.row.row);
    }
    g.body.appendChild(body);
    g.members = members;
    writeGroupCounts(g);
    fragment.appendChild(g.section);
  }
  container.appendChild(fragment);
  $('shown').textContent = `${shownCount} of ${targets.size} targets shown`;
}

function buildGroup(name) {
  const section = el('section', 'group');
  const id = `group-${Math.random().toString(36).slice(2, 9)}`;
  const head = el('h3', 'group-head');
  head.id = id;
  const title = el('span', 'group-name', name);
  const counts = el('span', 'group-counts');
  head.append(title, counts);
  const table = el('div', 'grid');
  table.setAttribute('role', 'table');
  table.setAttribute('aria-labelledby', id);
  const headRow = el('div', 'grid-head');
  headRow.setAttribute('role', 'row');
  for (const text of ['Target', 'State', `Last ${BEATS} checks`, 'Uptime', 'p95 (1 h)', 'Cause / reasons', 'Watchdog']) {
    const th = el('div', '', text);
    th.setAttribute('role', 'columnheader');
    headRow.appendChild(th);
  }
  const headGroup = el('div');
  headGroup.setAttribute('role', 'rowgroup');
  headGroup.appendChild(headRow);
  const body = el('div');
  body.setAttribute('role', 'rowgroup');
  table.append(headGroup, body);
  section.append(head, table);
  return { section, body, counts, members: [], countsText: '' };
}

function writeGroupCounts(g) {
  const counts = {};
  for (const t of g.members) counts[displayState(t.svc)] = (counts[displayState(t.svc)] || 0) + 1;
  const text = STATES.filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
  if (g.countsText !== text) g.counts.textContent = g.countsText = text;
}

function writeSummary() {
  summaryDirty = false;
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const t of targets.values()) counts[displayState(t.svc)] += 1;
  const list = $('summary');
  list.textContent = '';
  for (const s of STATES) {
    const li = el('li', `c-${s}`);
    li.append(el('b', '', counts[s]), document.createTextNode(` ${s.toLowerCase()}`));
    list.appendChild(li);
  }
  for (const g of groups.values()) writeGroupCounts(g);
}

// ---------- batching ----------

function schedule() {
  if (flushTimer !== null || flushFrame !== 0) return;
  const wait = Math.max(0, lastFlush + FLUSH_MS - performance.now());
  flushTimer = setTimeout(() => {
    flushTimer = null;
    flushFrame = requestAnimationFrame(flush);
  }, wait);
}

function flush() {
  flushFrame = 0;
  lastFlush = performance.now();
  stats.flushes += 1;
  stats.rowsWritten += dirty.size;
  if (layoutDirty) relayout();
  for (const t of dirty) if (t.row) writeRow(t);
  dirty.clear();
  if (summaryDirty) writeSummary();
}

function touch(t, stateChanged) {
  dirty.add(t);
  if (stateChanged) {
    summaryDirty = true;
    // A row may now fall out of (or into) the state filter, or move to another state group.
    if (groupBy.value === 'state' || [...stateBoxes.values()].some((b) => !b.checked)) layoutDirty = true;
  }
  schedule();
}

// ---------- stream ----------

function onSnapshot(list) {
  if (firstRender) performance.mark('overview:snapshot-parsed');
  const names = new Set(list.map((s) => s.name));
  for (const [name, t] of targets)
    if (!names.has(name)) {
      t.row.row.remove();
      targets.delete(name);
    }
  for (const svc of list) {
    const beats = beatsOf(svc.heartbeat);
    delete svc.heartbeat;
    const t = targets.get(svc.name);
    if (t) {
      t.svc = svc;
      t.beats = beats;
      t.pendingBeats = BEATS;
      dirty.add(t);
    } else {
      const fresh = { svc, beats, pendingBeats: 0 };
      targets.set(svc.name, fresh);
      buildRow(fresh);
    }
  }
  refreshChoices();
  for (const t of dirty) writeRow(t);
  dirty.clear();
  relayout();
  writeSummary();
  if (firstRender) {
    firstRender = false;
    performance.mark('overview:rows-built');
    // After the frame that shows the rows has been painted.
    requestAnimationFrame(() => setTimeout(() => performance.mark('overview:first-render'), 0));
  }
}

const OUTCOME_OF = { o: 'ok', d: 'degraded', f: 'fail' };

/** The snapshot's columns ({ at[], latencyMs[], outcome: 'oodf…', reasons: { index: text } }) as one object per poll. */
function beatsOf(columns) {
  if (!columns) return [];
  return columns.at.map((at, i) => ({
    at,
    outcome: OUTCOME_OF[columns.outcome[i]],
    latencyMs: columns.latencyMs[i],
    reason: columns.reasons[i] ?? null,
  }));
}

function onSample(s) {
  const t = targets.get(s.name);
  if (!t) return;
  stats.samples += 1;
  t.beats.push({ at: Date.parse(s.at), outcome: s.outcome || (s.ok ? 'ok' : 'fail'), latencyMs: s.latencyMs, reason: s.reason ?? null });
  if (t.beats.length > BEATS) t.beats.splice(0, t.beats.length - BEATS);
  t.pendingBeats = Math.min(BEATS, t.pendingBeats + 1);
  const before = displayState(t.svc);
  Object.assign(t.svc, { latencyMs: s.latencyMs, status: s.status, state: s.state, degraded: s.degraded, lastCheckAt: s.at });
  touch(t, before !== displayState(t.svc));
}

function onState(s) {
  const t = targets.get(s.name);
  if (!t) return;
  const before = displayState(t.svc);
  t.svc.state = s.to;
  t.svc.rootCause = s.rootCause;
  if (s.from !== s.to) t.svc.since = s.at;
  if (s.degraded !== undefined) {
    t.svc.degraded = s.degraded;
    t.svc.degradedReasons = s.reasons || [];
  }
  if (s.to === 'UP') t.svc.error = null;
  touch(t, before !== displayState(t.svc));
  // The error text of a failing target comes with the service, not the state event.
  if (s.to === 'DOWN' || s.to === 'PENDING') refreshOne(s.name);
}

/** Re-reads one service (its error, p95 and watchdog state), at most once per second per target. */
const refreshing = new Map();
function refreshOne(name) {
  if (refreshing.has(name)) return;
  refreshing.set(
    name,
    setTimeout(async () => {
      try {
        const svc = await api(`/api/v1/services/${encodeURIComponent(name)}`);
        const t = targets.get(name);
        if (t) {
          const before = displayState(t.svc);
          for (const key of ['error', 'rootCause', 'p95LatencyMs', 'watchdog', 'uptime', 'degradedReasons']) t.svc[key] = svc[key];
          touch(t, before !== displayState(t.svc));
        }
      } catch {
        // The next refresh will try again.
      } finally {
        refreshing.delete(name);
      }
    }, 1000),
  );
}

/** Uptime, p95 and watchdog state age slowly: every 30 s from the API (the rest comes from the stream). */
async function refreshAll() {
  const list = await api('/api/v1/services');
  for (const svc of list) {
    const t = targets.get(svc.name);
    if (!t) continue;
    for (const key of ['uptime', 'p95LatencyMs', 'watchdog', 'error']) t.svc[key] = svc[key];
    dirty.add(t);
  }
  schedule();
}

// ---------- recent events and alerts ----------

function recentItem(at, tag, tagClass, text) {
  const li = el('li');
  const time = el('time', '', new Date(at).toLocaleTimeString());
  time.dateTime = at;
  const line = el('span');
  line.append(el('span', `tag ${tagClass}`, tag), document.createTextNode(text));
  li.append(line, time);
  li.dataset.at = at;
  return li;
}

const eventItem = (e) => recentItem(e.at, e.kind, e.severity, `${e.source} · ${e.target}: ${e.message}`);
const alertItem = (a) => recentItem(a.at, `${a.kind} ${a.outcome}`, a.outcome === 'sent' ? a.kind : a.outcome, `${a.channel}: ${a.title}`);

function addRecent(li) {
  const list = $('recent');
  list.querySelector('.empty')?.remove();
  list.prepend(li);
  while (list.children.length > RECENT_MAX) list.lastElementChild.remove();
}

async function loadRecent() {
  const [events, alerts] = await Promise.all([api(`/api/v1/events?limit=${RECENT_MAX}`), api(`/api/v1/alerts?limit=${RECENT_MAX}`)]);
  const items = [...events.map((e) => [e.at, eventItem(e)]), ...alerts.map((a) => [a.at, alertItem(a)])]
    .sort((a, b) => Date.parse(b[0]) - Date.parse(a[0]))
    .slice(0, RECENT_MAX);
  const list = $('recent');
  list.textContent = '';
  if (items.length === 0) list.appendChild(el('li', 'empty', 'Nothing yet.'));
  for (const [, li] of items) list.appendChild(li);
}

// ---------- start ----------

function connect() {
  const conn = $('conn');
  // The server sends the polls of each half second as one `samples` event: 2 events a second instead of one per poll.
  const source = new EventSource(`/api/v1/stream?heartbeat=${BEATS}&sampleBatchMs=${SAMPLE_BATCH_MS}`);
  source.addEventListener('open', () => {
    conn.textContent = 'live';
    conn.className = 'conn live';
  });
  source.addEventListener('error', () => {
    conn.textContent = 'reconnecting…';
    conn.className = 'conn lost';
  });
  source.addEventListener('snapshot', (e) => {
    if (firstRender) performance.mark('overview:snapshot-received');
    onSnapshot(JSON.parse(e.data));
  });
  source.addEventListener('samples', (e) => {
    for (const sample of JSON.parse(e.data)) onSample(sample);
  });
  source.addEventListener('sample', (e) => onSample(JSON.parse(e.data)));
  source.addEventListener('state', (e) => onState(JSON.parse(e.data)));
  source.addEventListener('event', (e) => {
    const event = JSON.parse(e.data);
    addRecent(eventItem(event));
    if (event.source === 'watchdog' && targets.has(event.target)) refreshOne(event.target);
  });
  source.addEventListener('alert', (e) => {
    const alert = JSON.parse(e.data);
    addRecent(alertItem({ ...alert, at: alert.at }));
  });
}

buildStateChips();
for (const input of [filterText, filterLabel, groupBy]) input.addEventListener(input === filterText ? 'input' : 'change', () => relayout());
$('filters').addEventListener('submit', (e) => e.preventDefault());
$('groups').addEventListener('mouseover', onHover);
connect();
mountShell('overview');
loadRecent().catch(() => undefined);
setInterval(() => refreshAll().catch(() => undefined), 30_000);
