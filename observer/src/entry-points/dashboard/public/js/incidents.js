// Incidents across the fleet: a timeline (one lane per target, a bar per outage) and the list below it, live.
import { mountShell } from './shell.js';
import { $, api, el, query } from './ui.js';
import { KIND_LABEL, announce, clock, coalesced, keepingFocus, listen, shortDuration, spanText, table, timeEl } from './incident-common.js';

const DAY_MS = 86_400_000;
const RANGES = {
  '24h': { ms: DAY_MS, label: 'last 24 hours' },
  '7d': { ms: 7 * DAY_MS, label: 'last 7 days' },
  '30d': { ms: 30 * DAY_MS, label: 'last 30 days' },
};
const PAGE_SIZE = 25;
/** The timeline draws at most this many incidents (the newest). */
const TIMELINE_LIMIT = 1000;

const filters = { range: '24h', kind: '', open: '', target: '' };
/** Keyset cursors of the list's pages: [null, { before, beforeId }, …]; `page` indexes it. */
let cursors = [null];
let page = 0;

function readUrl() {
  const q = query();
  if (RANGES[q.get('range')]) filters.range = q.get('range');
  if (['down', 'degraded'].includes(q.get('kind'))) filters.kind = q.get('kind');
  if (['true', 'false'].includes(q.get('open'))) filters.open = q.get('open');
  if (/^[a-z0-9][a-z0-9._:-]{0,127}$/i.test(q.get('target') ?? '')) filters.target = q.get('target');
  $('range').value = filters.range;
  $('kind').value = filters.kind;
  $('state').value = filters.open;
}

function writeUrl() {
  const q = new URLSearchParams();
  if (filters.range !== '24h') q.set('range', filters.range);
  for (const key of ['kind', 'open', 'target']) if (filters[key]) q.set(key, filters[key]);
  const search = q.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

/** The API's query for the chosen filters, from `from` on. */
function apiParams(from) {
  const q = new URLSearchParams({ from: new Date(from).toISOString() });
  if (filters.kind) q.set('kind', filters.kind);
  if (filters.open) q.set('open', filters.open);
  if (filters.target) q.set('target', filters.target);
  return q;
}

function showError(error) {
  let box = $('error');
  if (!box) {
    box = el('p', 'notice error');
    box.id = 'error';
    box.setAttribute('role', 'alert');
    $('main').insertBefore(box, $('filters').nextSibling);
  }
  box.textContent = `Could not load incidents: ${error.message}`;
}

function clearError() {
  $('error')?.remove();
}

/** One bar per affected target of each incident (its own outage within the incident), grouped by target. */
function lanesOf(incidents, from) {
  const lanes = new Map();
  for (const incident of incidents) {
    const members = incident.affected.length
      ? incident.affected
      : [{ target: incident.cause, since: incident.startedAt, endedAt: incident.endedAt }];
    for (const member of members) {
      const endedAt = member.endedAt ?? incident.endedAt;
      if (endedAt && Date.parse(endedAt) < from) continue;
      const lane = lanes.get(member.target) ?? [];
      lane.push({ incident, target: member.target, since: member.since, endedAt });
      lanes.set(member.target, lane);
    }
  }
  return [...lanes.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function tickLabel(at, range) {
  if (range === '24h') return clock(new Date(at), new Date(at));
  return new Date(at).toLocaleDateString('en', { month: 'short', day: 'numeric' });
}

function renderTimeline(incidents, from, to) {
  const box = $('timeline');
  box.textContent = '';
  const range = RANGES[filters.range];
  const lanes = lanesOf(incidents, from);
  $('timeline-hint').textContent =
    incidents.length >= TIMELINE_LIMIT ? `${range.label}: the newest ${TIMELINE_LIMIT} incidents` : range.label;
  if (lanes.length === 0) {
    box.appendChild(el('p', 'empty', `No incidents in the ${range.label}.`));
    return 0;
  }
  const axisRow = el('div', 'timeline-row');
  const axis = el('div', 'axis');
  axis.setAttribute('aria-hidden', 'true');
  for (let i = 0; i <= 4; i += 1)
    axis.appendChild(el('span', '', i === 4 ? 'now' : tickLabel(from + ((to - from) * i) / 4, filters.range)));
  axisRow.append(el('span'), axis);
  const list = el('ul', 'lanes');
  list.setAttribute('aria-label', `Incidents per target, ${range.label}`);
  const span = to - from;
  const position = (t) => Math.min(100, Math.max(0, ((t - from) / span) * 100));
  let bars = 0;
  for (const [target, entries] of lanes) {
    const lane = el('li', 'timeline-row lane');
    const track = el('div', 'lane-track');
    for (const entry of entries.sort((a, b) => Date.parse(a.since) - Date.parse(b.since))) {
      const bar = el('a', `bar k-${entry.incident.kind}${entry.endedAt ? '' : ' open'}`);
      bar.href = `/incident.html?id=${encodeURIComponent(entry.incident.id)}`;
      bar.dataset.key = `bar|${entry.incident.id}|${target}|${entry.since}`;
      const name = `${target} ${KIND_LABEL[entry.incident.kind]} ${spanText(entry.since, entry.endedAt, to)}`;
      bar.setAttribute('aria-label', name);
      bar.title = name;
      const left = position(Date.parse(entry.since));
      const right = position(entry.endedAt ? Date.parse(entry.endedAt) : to);
      // Positions are data, set through the CSSOM (allowed by the page's style-src 'self'): no inline style attributes.
      // A bar at the very end keeps its minimum width inside the track.
      bar.style.left = `min(${left.toFixed(3)}%, calc(100% - 8px))`;
      bar.style.width = `${Math.max(0, right - left).toFixed(3)}%`;
      track.appendChild(bar);
      bars += 1;
    }
    lane.append(el('span', 'lane-name', target), track);
    list.appendChild(lane);
  }
  box.append(axisRow, list);
  return bars;
}

function renderList(incidents, hasOlder) {
  const rows = incidents.map((incident) => {
    const link = el('a', '', `${KIND_LABEL[incident.kind]} ${incident.cause}`);
    link.href = `/incident.html?id=${encodeURIComponent(incident.id)}`;
    link.dataset.key = `row|${incident.id}`;
    const kind = el('span', `pill k-${incident.kind}`, KIND_LABEL[incident.kind]);
    return [
      link,
      kind,
      timeEl(incident.startedAt),
      incident.endedAt ? timeEl(incident.endedAt) : el('span', '', 'ongoing'),
      shortDuration(incident.durationSeconds),
      incident.affected.map((a) => a.target).join(', ') || '—',
      String(incident.notificationsSent),
    ];
  });
  const box = $('list');
  box.textContent = '';
  if (rows.length === 0 && page === 0) box.appendChild(el('p', 'empty', `No incidents in the ${RANGES[filters.range].label}.`));
  else
    box.appendChild(
      table(
        'Incidents, newest first',
        ['Incident', 'Kind', 'Started', 'Ended', 'Duration', 'Affected targets', 'Notifications sent'],
        rows,
      ),
    );
  $('newer').disabled = page === 0;
  $('older').disabled = !hasOlder;
  $('page-label').textContent = `Page ${page + 1}`;
}

async function refresh() {
  const to = Date.now();
  const from = to - RANGES[filters.range].ms;
  try {
    const timelineQuery = apiParams(from);
    timelineQuery.set('limit', String(TIMELINE_LIMIT));
    const listQuery = apiParams(from);
    listQuery.set('limit', String(PAGE_SIZE + 1));
    const cursor = cursors[page];
    if (cursor) {
      listQuery.set('before', cursor.before);
      listQuery.set('beforeId', cursor.beforeId);
    }
    const [timeline, list] = await Promise.all([api(`/api/v1/incidents?${timelineQuery}`), api(`/api/v1/incidents?${listQuery}`)]);
    clearError();
    let bars = 0;
    keepingFocus($('timeline'), () => (bars = renderTimeline(timeline, from, to)));
    const shown = list.slice(0, PAGE_SIZE);
    const last = shown.at(-1);
    if (last) cursors[page + 1] = { before: last.startedAt, beforeId: last.id };
    keepingFocus($('list'), () => renderList(shown, list.length > PAGE_SIZE));
    announce(`${timeline.length} incidents, ${bars} bars on the timeline`);
  } catch (error) {
    showError(error);
  }
}

const scheduleRefresh = coalesced(refresh, 1000);

async function loadTargets() {
  try {
    const services = await api('/api/v1/services');
    const select = $('target');
    const names = new Set(services.map((s) => s.name));
    if (filters.target) names.add(filters.target);
    for (const name of [...names].sort()) select.add(new Option(name, name));
    select.value = filters.target;
  } catch (error) {
    showError(error);
  }
}

function onFilterChange() {
  filters.range = $('range').value;
  filters.kind = $('kind').value;
  filters.open = $('state').value;
  filters.target = $('target').value;
  cursors = [null];
  page = 0;
  writeUrl();
  scheduleRefresh();
}

function start() {
  readUrl();
  $('filters').addEventListener('change', onFilterChange);
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('older').addEventListener('click', () => {
    if (!cursors[page + 1]) return;
    page += 1;
    scheduleRefresh();
  });
  $('newer').addEventListener('click', () => {
    if (page === 0) return;
    page -= 1;
    scheduleRefresh();
  });
  void loadTargets();
  scheduleRefresh();
  // Incidents opening, closing or gaining notifications, and state changes: refreshed at most once a second.
  listen(['incident', 'alert', 'state'], () => scheduleRefresh());
  // Open incidents grow and the window slides even when nothing happens.
  setInterval(scheduleRefresh, 30_000);
}

mountShell('incidents').catch(showError);
start();
