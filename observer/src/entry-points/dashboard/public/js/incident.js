// One incident: root cause, affected targets, state changes, notifications, watchdog actions, silences that applied, duration.
import { mountShell } from './shell.js';
import { $, api, el, query } from './ui.js';
import {
  KIND_LABEL,
  announce,
  coalesced,
  keepingFocus,
  listen,
  shortDuration,
  spanText,
  table,
  targetLink,
  timeEl,
} from './incident-common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = query().get('id') ?? '';
/** The targets of the incident shown (state changes of others do not concern it). */
let targets = new Set();

/** A section with a heading, and either `body` or the sentence saying there is nothing. */
function section(key, title, body, emptyText) {
  const node = el('section', 'panel');
  node.id = `section-${key}`;
  node.setAttribute('aria-labelledby', `${key}-title`);
  const head = el('div', 'panel-head');
  const h2 = el('h2', '', title);
  h2.id = `${key}-title`;
  head.appendChild(h2);
  node.append(head, body ?? el('p', 'empty', emptyText));
  return node;
}

function fact(term, value) {
  const wrap = el('div');
  const dd = el('dd');
  dd.append(value instanceof Node ? value : document.createTextNode(String(value)));
  wrap.append(el('dt', '', term), dd);
  return wrap;
}

function covers(mute) {
  const parts = [];
  if (mute.target) parts.push(mute.target);
  for (const [key, value] of Object.entries(mute.labels)) parts.push(`${key}=${value}`);
  return parts.join(', ') || '—';
}

function render(detail) {
  const { incident } = detail;
  const kind = KIND_LABEL[incident.kind];
  const heading = `${kind}: ${incident.cause}`;
  $('title').textContent = `Incident ${heading}`;
  document.title = `${heading} · Incidents · ERP Observer`;
  targets = new Set(detail.targets);

  const facts = el('dl', 'facts');
  facts.append(
    fact('Kind', el('span', `pill k-${incident.kind}`, kind)),
    fact('Root cause', targetLink(incident.cause)),
    fact('Started', timeEl(incident.startedAt)),
    fact('Ended', incident.endedAt ? timeEl(incident.endedAt) : 'ongoing'),
    fact('Duration', `${shortDuration(incident.durationSeconds)}${incident.endedAt ? '' : ' so far'}`),
    fact('Notifications sent', incident.notificationsSent),
  );

  const affected = incident.affected.map((a) => [
    targetLink(a.target),
    timeEl(a.since),
    a.endedAt ? timeEl(a.endedAt) : 'ongoing',
    shortDuration(((a.endedAt ? Date.parse(a.endedAt) : Date.now()) - Date.parse(a.since)) / 1000),
    a.detail || '—',
    a.announced ? 'yes' : 'no',
    a.mutedBy ?? '—',
  ]);
  const stateChanges = detail.stateChanges.map((s) => [timeEl(s.at), targetLink(s.target), `${s.from} → ${s.to}`, s.rootCause ?? '—']);
  const notifications = detail.notifications.map((n) => [
    timeEl(n.at),
    n.kind,
    n.channel === '-' ? 'none' : n.channel,
    n.mutedBy ? `${n.outcome} (${n.mutedBy})` : n.outcome,
    String(n.attempts),
    n.title,
    n.error ?? '—',
  ]);
  const watchdog = detail.watchdogActions.map((e) => [timeEl(e.at), targetLink(e.target), e.kind, e.severity, e.message]);
  const mutes = detail.mutes.map((m) => {
    const link = el('a', '', m.type === 'silence' ? 'silence' : 'maintenance window');
    link.href = '/silences.html';
    return [
      link,
      covers(m),
      m.periods.length ? m.periods.map((p) => spanText(p.from, p.to)).join('; ') : '—',
      m.targets.join(', ') || '—',
      String(m.alertsMuted),
      m.comment,
    ];
  });

  const content = $('content');
  keepingFocus(content, () => {
    content.textContent = '';
    content.append(
      section('summary', 'Summary', facts),
      section(
        'affected',
        'Affected targets',
        affected.length
          ? table('Affected targets', ['Target', 'Since', 'Ended', 'Outage', 'Why', 'Announced', 'Muted by'], affected)
          : null,
        'No target recorded.',
      ),
      section(
        'state-changes',
        'State changes',
        stateChanges.length
          ? table('State changes of the affected targets', ['Time', 'Target', 'Change', 'Root cause'], stateChanges)
          : null,
        'No state change recorded.',
      ),
      section(
        'notifications',
        'Notifications',
        notifications.length
          ? table('Notifications about this incident', ['Time', 'Kind', 'Channel', 'Outcome', 'Attempts', 'Title', 'Error'], notifications)
          : null,
        'No notification about this incident.',
      ),
      section(
        'watchdog',
        'Watchdog actions',
        watchdog.length
          ? table('Watchdog actions on the affected targets', ['Time', 'Target', 'Action', 'Severity', 'Message'], watchdog)
          : null,
        'The watchdog reported nothing on these targets.',
      ),
      section(
        'mutes',
        'Silences and maintenance that applied',
        mutes.length
          ? table(
              'Silences and maintenance windows that applied',
              ['Rule', 'Covers', 'In force during the incident', 'Targets muted', 'Alerts muted', 'Comment'],
              mutes,
            )
          : null,
        'No silence or maintenance window applied.',
      ),
    );
    // Every link gets a key, so the focus survives a live refresh.
    for (const part of content.querySelectorAll('section'))
      part.querySelectorAll('a').forEach((link, i) => (link.dataset.key = `${part.id}|${i}|${link.getAttribute('href')}`));
  });
  announce(`${heading}, ${incident.endedAt ? 'closed' : 'ongoing'}`);
}

function showError(message) {
  const content = $('content');
  content.textContent = '';
  const box = el('p', 'notice error', message);
  box.setAttribute('role', 'alert');
  content.appendChild(box);
  announce(message);
}

async function load() {
  try {
    render(await api(`/api/v1/incidents/${encodeURIComponent(id)}/detail`));
  } catch (error) {
    showError(`Could not load the incident: ${error.message}`);
  }
}

mountShell('incidents').catch((error) => showError(error.message));
if (!UUID.test(id)) {
  showError('No incident given: open one from the list of incidents.');
} else {
  const scheduleLoad = coalesced(load, 1000);
  scheduleLoad();
  // Live: a change of this incident, an alert about it, a state change of one of its targets (at most once a second).
  listen(['incident', 'alert', 'state'], (type, data) => {
    if (!data) return;
    if (type === 'incident' && data.id !== id) return;
    if (type === 'alert' && !(data.incidentIds ?? []).includes(id)) return;
    if (type === 'state' && !targets.has(data.name)) return;
    scheduleLoad();
  });
  // An open incident's duration grows.
  setInterval(() => {
    if ($('content').querySelector('#section-summary') && $('status').textContent.endsWith('ongoing')) scheduleLoad();
  }, 30_000);
}
