// The public status page: renders GET /api/v1/status (public group names only), refreshed every 30 s.
(() => {
  'use strict';
  const WORDS = {
    up: 'Operational',
    degraded: 'Degraded performance',
    pending: 'Checking',
    down: 'Outage',
    maintenance: 'Under maintenance',
  };
  const OVERALL = {
    up: 'All systems operational',
    degraded: 'Some systems have degraded performance',
    pending: 'Checking systems',
    down: 'Some systems are down',
    maintenance: 'Scheduled maintenance in progress',
  };
  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const barClass = (uptime) =>
    uptime === null ? 'bar' : uptime >= 99.95 ? 'bar u-full' : uptime >= 99 ? 'bar u-high' : uptime >= 95 ? 'bar u-mid' : 'bar u-low';
  const pct = (uptime) => (uptime === null ? 'no data' : `${uptime.toFixed(2)} %`);
  const when = (iso) => new Date(iso).toLocaleString();

  function render(status) {
    document.title = status.title;
    $('title').textContent = status.title;
    $('overall').textContent = OVERALL[status.state] || status.state;
    const groups = $('groups');
    groups.textContent = '';
    const template = $('group');
    for (const group of status.groups) {
      const node = template.content.firstElementChild.cloneNode(true);
      node.querySelector('.name').textContent = group.name;
      const state = node.querySelector('.state');
      state.textContent = WORDS[group.state] || group.state;
      state.classList.add(`s-${group.state}`);
      const bars = node.querySelector('.bars');
      bars.setAttribute('aria-label', `${group.name}: ${pct(group.uptime90d)} uptime over 90 days`);
      for (const day of group.days) {
        const bar = el('span', barClass(day.uptime));
        bar.title = `${day.date}: ${pct(day.uptime)}`;
        bars.append(bar);
      }
      node.querySelector('.uptime').textContent = `${pct(group.uptime90d)} uptime`;
      groups.append(node);
    }
    const incidents = $('incidents');
    incidents.textContent = '';
    if (status.incidents.length === 0) incidents.append(el('li', 'incident', 'No incidents in the last 90 days.'));
    for (const incident of status.incidents) {
      const item = el('li', 'incident');
      const ended = incident.endedAt ? ` – ${when(incident.endedAt)}` : ' – ongoing';
      item.append(el('p', 'when', `${when(incident.startedAt)}${ended}`), el('p', 'summary', incident.summary));
      incidents.append(item);
    }
    $('updated').textContent = `Updated ${when(status.updatedAt)}`;
  }

  async function load() {
    try {
      const response = await fetch('/api/v1/status', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`status ${response.status}`);
      render(await response.json());
    } catch {
      $('overall').textContent = 'Status unavailable, retrying…';
    }
  }
  void load();
  setInterval(load, 30_000);
})();
