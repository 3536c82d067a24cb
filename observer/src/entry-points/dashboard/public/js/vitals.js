// Web vitals per page: p75 of each metric with its rating (text and colour), the count and the spread of ratings.
import { mountShell } from './shell.js';
import { $, api, el, query } from './ui.js';

const METRIC_NAMES = {
  LCP: 'Largest Contentful Paint',
  INP: 'Interaction to Next Paint',
  CLS: 'Cumulative Layout Shift',
  FCP: 'First Contentful Paint',
  TTFB: 'Time to First Byte',
};
const RATING_LABEL = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' };
const RATINGS = ['good', 'needs-improvement', 'poor'];
const RANGES = { '24h': 'last 24 hours', '7d': 'last 7 days' };

let range = RANGES[query().get('range')] ? query().get('range') : '24h';

/** A metric's value in its unit: "2.31 s", "180 ms", "0.08". */
function fmtValue(name, value, unit) {
  if (unit !== 'ms') return value.toFixed(value < 1 ? 3 : 2);
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}

function ratingBadge(rating) {
  return el('span', `rating r-${rating}`, RATING_LABEL[rating]);
}

function spreadCell(ratings, count) {
  const cell = el('td');
  const bar = el('div', 'spread');
  bar.setAttribute('aria-hidden', 'true');
  for (const r of RATINGS) {
    if (!ratings[r]) continue;
    const part = el('span', `r-${r}`);
    part.style.width = `${(100 * ratings[r]) / count}%`;
    bar.appendChild(part);
  }
  const text = RATINGS.map((r) => `${Math.round((100 * ratings[r]) / count)}% ${RATING_LABEL[r].toLowerCase()}`).join(' · ');
  cell.append(bar, el('div', 'spread-text', text));
  return cell;
}

function pageTable(page, thresholds) {
  const section = el('section', 'panel');
  const table = el('table', 'table vitals-table');
  const caption = el('caption', '', page.page);
  table.appendChild(caption);
  const head = el('thead');
  const headRow = el('tr');
  for (const [label, cls] of [
    ['Metric', ''],
    ['p75', 'num'],
    ['Rating', ''],
    ['Page loads', 'num'],
    ['Ratings of all loads', ''],
  ]) {
    const th = el('th', cls, label);
    th.scope = 'col';
    headRow.appendChild(th);
  }
  head.appendChild(headRow);
  const body = el('tbody');
  for (const m of page.metrics) {
    const row = el('tr');
    row.dataset.metric = m.name;
    const name = el('th');
    name.scope = 'row';
    const abbr = el('abbr', '', m.name);
    abbr.title = METRIC_NAMES[m.name] ?? m.name;
    name.append(abbr);
    const rating = el('td');
    rating.appendChild(ratingBadge(m.rating));
    row.append(
      name,
      el('td', 'num', fmtValue(m.name, m.p75, thresholds[m.name]?.unit)),
      rating,
      el('td', 'num', m.count),
      spreadCell(m.ratings, m.count),
    );
    body.appendChild(row);
  }
  table.append(head, body);
  section.appendChild(table);
  return section;
}

function thresholdsTable(thresholds) {
  const table = el('table', 'table');
  const caption = el('caption', 'vitals-sr', 'Web Vitals thresholds per metric');
  const head = el('thead');
  const hr = el('tr');
  for (const label of ['Metric', 'Good', 'Needs improvement', 'Poor']) {
    const th = el('th', '', label);
    th.scope = 'col';
    hr.appendChild(th);
  }
  head.appendChild(hr);
  const body = el('tbody');
  for (const [name, t] of Object.entries(thresholds)) {
    const row = el('tr');
    const th = el('th', '', `${name} (${METRIC_NAMES[name] ?? name})`);
    th.scope = 'row';
    row.append(
      th,
      el('td', '', `≤ ${fmtValue(name, t.good, t.unit)}`),
      el('td', '', `≤ ${fmtValue(name, t.poor, t.unit)}`),
      el('td', '', `> ${fmtValue(name, t.poor, t.unit)}`),
    );
    body.appendChild(row);
  }
  table.append(caption, head, body);
  return table;
}

async function load() {
  const status = $('status');
  status.textContent = 'Loading…';
  const pages = $('pages');
  try {
    const summary = await api(`/api/v1/vitals?range=${encodeURIComponent(range)}`);
    pages.textContent = '';
    $('error')?.remove();
    if (summary.pages.length === 0) pages.appendChild(el('p', 'panel empty', `No page reported Web Vitals in the ${RANGES[range]}.`));
    for (const page of summary.pages) pages.appendChild(pageTable(page, summary.thresholds));
    $('thresholds').replaceChildren(thresholdsTable(summary.thresholds));
    status.textContent = `${summary.pages.length} page${summary.pages.length === 1 ? '' : 's'} in the ${RANGES[range]} (from ${summary.source === 'influx' ? 'InfluxDB' : 'memory'})`;
  } catch (error) {
    let box = $('error');
    if (!box) {
      box = el('p', 'notice error');
      box.id = 'error';
      box.setAttribute('role', 'alert');
      pages.before(box);
    }
    box.textContent = `Could not load Web Vitals: ${error.message}`;
    status.textContent = '';
  }
}

mountShell('vitals');
$('range').value = range;
$('range').addEventListener('change', () => {
  range = $('range').value;
  history.replaceState(null, '', range === '24h' ? location.pathname : `?range=${range}`);
  void load();
});
$('refresh').addEventListener('click', () => void load());
void load();
