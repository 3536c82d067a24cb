'use strict';
// The observer's live dashboard: a snapshot from the stream, then state/sample/event/alert events.
(function () {
  const services = new Map();
  const sparks = new Map();
  const cards = new Map();
  const SPARK_POINTS = 60;
  const $ = (id) => document.getElementById(id);

  const fmtAgo = (iso) => {
    if (!iso) return '—';
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m`;
    if (s < 172800) return `${Math.floor(s / 3600)}h`;
    return `${Math.floor(s / 86400)}d`;
  };
  const fmtMs = (ms) => (ms === null || ms === undefined ? '—' : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);
  const fmtPct = (p) => (p === null || p === undefined ? '—' : `${p}%`);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function card(name) {
    let node = cards.get(name);
    if (!node) {
      node = $('card').content.firstElementChild.cloneNode(true);
      cards.set(name, node);
      $('services').appendChild(node);
    }
    return node;
  }

  function render(svc) {
    const node = card(svc.name);
    node.className = `card s-${svc.state}${svc.degraded ? ' degraded' : ''}`;
    node.querySelector('.name').textContent = svc.name;
    node.querySelector('.name').title = svc.url;
    const pill = node.querySelector('.pill');
    pill.className = `pill s-${svc.state}${svc.degraded && svc.state === 'UP' ? ' degraded' : ''}`;
    pill.textContent = svc.degraded && svc.state === 'UP' ? 'DEGRADED' : svc.state;
    node.querySelector('.latency').textContent = fmtMs(svc.latencyMs);
    node.querySelector('.status').textContent = svc.status ? `report: ${svc.status}` : svc.kind;
    node.querySelector('.since').textContent = `since ${fmtAgo(svc.since)}`;
    const up = node.querySelector('.uptime');
    up.textContent = '';
    for (const w of ['24h', '7d', '30d']) up.appendChild(el('span', '', `${w} ${fmtPct(svc.uptime ? svc.uptime[w] : null)}`));
    const reasons = svc.degraded ? svc.degradedReasons.join('; ') : '';
    node.querySelector('.cause').textContent = svc.rootCause
      ? `root cause: ${svc.rootCause}`
      : svc.state === 'DOWN'
        ? svc.error || ''
        : reasons;
    drawSpark(svc.name);
    applyFilter(node, svc);
  }

  function drawSpark(name) {
    const values = sparks.get(name) || [];
    const node = cards.get(name);
    if (!node) return;
    const max = Math.max(1, ...values);
    const step = 120 / (SPARK_POINTS - 1);
    const offset = SPARK_POINTS - values.length;
    node
      .querySelector('polyline')
      .setAttribute('points', values.map((v, i) => `${((offset + i) * step).toFixed(1)},${(27 - (v / max) * 25).toFixed(1)}`).join(' '));
  }

  function applyFilter(node, svc) {
    const q = $('filter').value.trim().toLowerCase();
    const text = `${svc.name} ${Object.entries(svc.labels || {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`.toLowerCase();
    node.hidden = q !== '' && !text.includes(q);
  }

  function summary() {
    const counts = { UP: 0, PENDING: 0, DOWN: 0, MAINTENANCE: 0, DEGRADED: 0 };
    for (const s of services.values()) {
      counts[s.state] += 1;
      if (s.degraded) counts.DEGRADED += 1;
    }
    const box = $('summary');
    box.textContent = '';
    for (const [k, v] of Object.entries(counts)) {
      const item = el('span', '', ` ${k.toLowerCase()}`);
      item.prepend(el('b', '', String(v)));
      box.appendChild(item);
    }
  }

  function listItem(tagText, tagCls, title, when) {
    const li = el('li');
    li.appendChild(el('span', `tag ${tagCls}`, tagText));
    li.appendChild(el('span', '', title));
    li.appendChild(el('div', 'when', when));
    return li;
  }

  function prepend(listId, li, max = 100) {
    const list = $(listId);
    const empty = list.querySelector('.empty');
    if (empty) empty.remove();
    list.prepend(li);
    while (list.children.length > max) list.lastElementChild.remove();
  }

  async function loadLists() {
    const [incidents, events, alerts] = await Promise.all(
      ['/api/v1/incidents?limit=50', '/api/v1/events?limit=50', '/api/v1/alerts?limit=50'].map((u) =>
        fetch(u).then((r) => (r.ok ? r.json() : [])),
      ),
    );
    const fill = (id, items, make) => {
      const list = $(id);
      list.textContent = '';
      if (items.length === 0) list.appendChild(el('li', 'empty', 'Nothing yet.'));
      for (const item of items) list.appendChild(make(item));
    };
    fill('incidents', incidents, (i) =>
      listItem(
        i.endedAt ? 'closed' : 'open',
        i.endedAt ? 'closed' : 'open',
        `${i.kind} · ${i.cause} — ${i.affected.map((a) => a.target).join(', ')}`,
        `${new Date(i.startedAt).toLocaleString()} · ${Math.round(i.durationSeconds)} s · ${i.notificationsSent} notifications`,
      ),
    );
    fill('events', events, (e) =>
      listItem(e.severity, e.severity, `${e.source} ${e.kind} ${e.target}: ${e.message}`, new Date(e.at).toLocaleString()),
    );
    fill('alerts', alerts, (a) =>
      listItem(
        `${a.kind} · ${a.outcome}`,
        a.outcome === 'sent' ? a.kind : a.outcome,
        `${a.channel}: ${a.title}`,
        new Date(a.at).toLocaleString(),
      ),
    );
  }

  function connect() {
    const source = new EventSource('/api/v1/stream');
    source.addEventListener('open', () => {
      $('conn').textContent = 'live';
      $('conn').className = 'conn live';
    });
    source.addEventListener('error', () => {
      $('conn').textContent = 'reconnecting…';
      $('conn').className = 'conn lost';
    });
    source.addEventListener('snapshot', (e) => {
      const list = JSON.parse(e.data);
      const names = new Set(list.map((s) => s.name));
      for (const [name, node] of cards)
        if (!names.has(name)) {
          node.remove();
          cards.delete(name);
          services.delete(name);
        }
      for (const svc of list) {
        services.set(svc.name, svc);
        render(svc);
      }
      summary();
    });
    source.addEventListener('sample', (e) => {
      const s = JSON.parse(e.data);
      const values = sparks.get(s.name) || [];
      values.push(s.latencyMs);
      if (values.length > SPARK_POINTS) values.shift();
      sparks.set(s.name, values);
      const svc = services.get(s.name);
      if (svc) {
        Object.assign(svc, { latencyMs: s.latencyMs, status: s.status, state: s.state, degraded: s.degraded, lastCheckAt: s.at });
        render(svc);
      }
    });
    source.addEventListener('state', (e) => {
      const s = JSON.parse(e.data);
      const svc = services.get(s.name);
      if (svc) {
        svc.state = s.to;
        svc.rootCause = s.rootCause;
        if (s.from !== s.to) svc.since = s.at;
        if (s.degraded !== undefined) {
          svc.degraded = s.degraded;
          svc.degradedReasons = s.reasons || [];
        }
        render(svc);
        summary();
      }
      scheduleLists();
    });
    source.addEventListener('event', (e) => {
      const ev = JSON.parse(e.data);
      prepend(
        'events',
        listItem(ev.severity, ev.severity, `${ev.source} ${ev.kind} ${ev.target}: ${ev.message}`, new Date(ev.at).toLocaleString()),
      );
    });
    source.addEventListener('alert', () => scheduleLists());
    source.addEventListener('incident', () => scheduleLists());
  }

  let listTimer = null;
  function scheduleLists() {
    if (listTimer) return;
    listTimer = setTimeout(() => {
      listTimer = null;
      loadLists().catch(() => undefined);
    }, 500);
  }

  async function refreshServices() {
    const response = await fetch('/api/v1/services');
    if (!response.ok) return;
    for (const svc of await response.json()) {
      services.set(svc.name, svc);
      render(svc);
    }
    summary();
  }

  $('filter').addEventListener('input', () => {
    for (const svc of services.values()) applyFilter(cards.get(svc.name), svc);
  });
  connect();
  loadLists().catch(() => undefined);
  // Uptime and "since" age slowly; refresh them every 30 s.
  setInterval(() => refreshServices().catch(() => undefined), 30_000);
})();
