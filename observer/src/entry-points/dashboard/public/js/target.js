// One target over a time range: latency p50/p95/p99 and error rate (uPlot, same time axis, synced cursor) with state
// bands and incident / watchdog markers drawn on the canvas, its health checks, incidents, watchdog actions and recent polls.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { mountShell } from './shell.js';
import { $, api, el, fmtDuration, fmtMs, fmtTime, query } from './ui.js';

const PRESETS = ['1h', '24h', '7d', '30d'];
const PRESET_LABEL = { '1h': 'the last hour', '24h': 'the last 24 hours', '7d': 'the last 7 days', '30d': 'the last 30 days' };
const BAND_LABEL = { UP: 'Up', PENDING: 'Pending', DOWN: 'Down', MAINTENANCE: 'Maintenance', DEGRADED: 'Degraded' };
const RESOLUTION_LABEL = { raw: 'raw samples', '1m': '1-minute rollup', '1h': '1-hour rollup' };
const SYNC_KEY = 'target-detail';
const MAX_TABLE_ROWS = 2000;
/** The longest custom range the API answers (GET /api/v1/targets/{name}/detail). */
const MAX_DAYS = 90;
const REFRESH_MS = 30_000;

const name = query().get('name') ?? '';
/** What is shown: a preset or a custom { from, to } (epoch ms). */
let selection = initialSelection();
/** The last answer of the API. */
let detail = null;
/** The uPlot instances on the page (latency, error rate). */
let charts = [];
let loading = null;

function initialSelection() {
  const params = query();
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  if (Number.isFinite(from) && Number.isFinite(to)) return { preset: null, from, to };
  const range = params.get('range');
  return { preset: PRESETS.includes(range) ? range : '1h' };
}

// ---- range picker ----------------------------------------------------------------------------------------------

/** `yyyy-mm-ddThh:mm` in local time, for <input type="datetime-local">. */
function localInput(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function syncPicker() {
  const value = selection.preset ?? 'custom';
  for (const radio of document.querySelectorAll('input[name="range"]')) radio.checked = radio.value === value;
  $('custom').hidden = value !== 'custom';
  if (!selection.preset) {
    $('from').value = localInput(selection.from);
    $('to').value = localInput(selection.to);
  }
}

function writeUrl() {
  const params = new URLSearchParams({ name });
  if (selection.preset) params.set('range', selection.preset);
  else {
    params.set('from', new Date(selection.from).toISOString());
    params.set('to', new Date(selection.to).toISOString());
  }
  history.replaceState(null, '', `?${params}`);
}

function wirePicker() {
  const form = $('range-form');
  form.addEventListener('change', (event) => {
    const input = event.target;
    if (input.name !== 'range') return;
    if (input.value === 'custom') {
      $('custom').hidden = false;
      const to = detail ? Date.parse(detail.range.to) : Date.now();
      const from = detail ? Date.parse(detail.range.from) : to - 3_600_000;
      if (!$('from').value) $('from').value = localInput(from);
      if (!$('to').value) $('to').value = localInput(to);
      return;
    }
    $('custom').hidden = true;
    selection = { preset: input.value };
    writeUrl();
    void load();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = Date.parse($('from').value);
    const to = Date.parse($('to').value);
    if (!Number.isFinite(from) || !Number.isFinite(to)) {
      showError('Give both a start and an end time.');
      ($('from').value ? $('to') : $('from')).focus();
      return;
    }
    // The API's own limits, checked first so a slip of the keyboard costs no request.
    if (to <= from) {
      showError('The end must be after the start.');
      $('to').focus();
      return;
    }
    if (to - from > MAX_DAYS * 86_400_000) {
      showError(`A range may span at most ${MAX_DAYS} days.`);
      $('from').focus();
      return;
    }
    if (to - from < 60_000) {
      showError('A range must span at least 1 minute.');
      $('to').focus();
      return;
    }
    selection = { preset: null, from, to };
    writeUrl();
    void load();
  });
}

// ---- loading -----------------------------------------------------------------------------------------------------

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

/** Asks the API for the selected range and shows it; `refresh`: the same preset again, later (charts updated in place). */
async function load(refresh = false) {
  const params = new URLSearchParams();
  if (selection.preset) params.set('range', selection.preset);
  else {
    params.set('from', new Date(selection.from).toISOString());
    params.set('to', new Date(selection.to).toISOString());
  }
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  if (!refresh) $('status').textContent = 'Loading…';
  try {
    const answer = await api(`/api/v1/targets/${encodeURIComponent(name)}/detail?${params}`, { signal: controller.signal });
    if (loading !== controller) return;
    detail = answer;
    showError('');
    render(refresh);
    // Unchanged text is not written again, so a refresh is not announced.
    const text = `Showing ${rangeText()}.`;
    if ($('status').textContent !== text) $('status').textContent = text;
  } catch (error) {
    if (error.name === 'AbortError') return;
    showError(error.status === 404 ? `There is no target named “${name}”.` : `Could not load the target: ${error.message}`);
    $('status').textContent = 'Loading failed.';
  } finally {
    if (loading === controller) loading = null;
  }
}

function rangeText() {
  if (!detail) return '';
  if (detail.range.preset) return PRESET_LABEL[detail.range.preset];
  return `${fmtTime(detail.range.from)} – ${fmtTime(detail.range.to)}`;
}

// ---- rendering ---------------------------------------------------------------------------------------------------

function render(refresh) {
  const t = detail.target;
  document.title = `${t.name} · ERP Observer`;
  $('title').textContent = `Target: ${t.name}`;
  const pill = $('state');
  pill.className = `pill s-${t.degraded && t.state === 'UP' ? 'DEGRADED' : t.state}`;
  pill.textContent = t.degraded && t.state === 'UP' ? 'UP · DEGRADED' : t.state;
  $('target-url').textContent = t.url;
  $('source').textContent =
    detail.source === 'influx'
      ? `InfluxDB, ${RESOLUTION_LABEL[detail.resolution]}, ${detail.bucketSeconds} s buckets`
      : `In-memory history (no InfluxDB): ${detail.bucketSeconds} s buckets, as far back as memory reaches`;
  $('latency-summary').textContent = latencySummary();
  $('errors-summary').textContent = errorSummary();
  if (refresh) updateCharts();
  else renderCharts();
  renderLegend();
  renderSeriesTable();
  renderChecks();
  renderIncidents();
  renderWatchdog();
  renderRecent();
}

const pct = (share) => (share === null || share === undefined ? '—' : `${(share * 100).toFixed(share < 0.01 && share > 0 ? 2 : 1)} %`);

function latencySummary() {
  const s = detail.summary;
  if (!s.samples) return `No polls recorded for ${rangeText()}.`;
  const parts = [
    `Over ${rangeText()} (${s.samples.toLocaleString()} polls): median latency about ${fmtMs(s.p50)}`,
    `highest p95 ${fmtMs(s.p95)}`,
    `highest p99 ${fmtMs(s.p99)}`,
  ];
  const down = s.downSeconds ? `; down for ${fmtDuration(s.downSeconds)}` : '';
  const incidents = detail.incidents.length ? `; ${detail.incidents.length} incident${detail.incidents.length === 1 ? '' : 's'}` : '';
  const actions = detail.watchdog.length ? `; ${detail.watchdog.length} watchdog action${detail.watchdog.length === 1 ? '' : 's'}` : '';
  return `${parts.join(', ')}${down}${incidents}${actions}.`;
}

function errorSummary() {
  const s = detail.summary;
  if (!s.samples) return 'No polls in this range.';
  const worst = detail.series.reduce((m, p) => (p.errorRate !== null && (m === null || p.errorRate > m.errorRate) ? p : m), null);
  const peak = worst && worst.errorRate > 0 ? `; worst bucket ${pct(worst.errorRate)} at ${fmtTime(worst.t)}` : '';
  return `${pct(s.errorRate)} of polls failed over ${rangeText()}${peak}.`;
}

/** The chart colours, read from the CSS custom properties (the theme's role tokens), so they follow the theme. */
function palette() {
  const style = getComputedStyle($('main'));
  const v = (prop) => style.getPropertyValue(prop).trim();
  return {
    p50: v('--tg-p50'),
    p95: v('--tg-p95'),
    p99: v('--tg-p99'),
    errors: v('--tg-errors'),
    watchdog: v('--tg-watchdog'),
    incident: v('--tg-incident'),
    axis: v('--tg-axis'),
    grid: v('--tg-grid'),
    bands: Object.fromEntries(Object.keys(BAND_LABEL).map((state) => [state, v(`--tg-${state}`)])),
  };
}

/** A CSS colour with an alpha, as the canvas understands it (the browser normalises the colour first). */
function withAlpha(colour, alpha) {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.fillStyle = colour;
  const normal = ctx.fillStyle;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normal);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(normal);
  return rgba ? `rgba(${rgba[1]},${rgba[2]},${rgba[3]}, ${alpha})` : normal;
}

const LATENCY_COLUMNS = [(p) => p.p50, (p) => p.p95, (p) => p.p99];
const ERROR_COLUMNS = [(p) => (p.errorRate === null ? null : p.errorRate * 100)];

/** Columns for uPlot: x in seconds, a null wherever a bucket is missing so the line breaks at gaps. */
function columns(pick) {
  const xs = [];
  const ys = pick.map(() => []);
  let previous = null;
  const step = detail.bucketSeconds;
  for (const point of detail.series) {
    const x = Date.parse(point.t) / 1000;
    if (previous !== null && x - previous > step * 1.5) {
      xs.push(previous + step);
      for (const y of ys) y.push(null);
    }
    xs.push(x);
    pick.forEach((f, i) => ys[i].push(f(point)));
    previous = x;
  }
  return [xs, ...ys];
}

/** Draws the state bands behind the series and the incident / watchdog markers over them, on uPlot's own canvas. */
function overlayPlugin(colours, bandAlpha) {
  const sec = (iso) => Date.parse(iso) / 1000;
  let hatch = null;
  const hatchFor = (ctx, colour) => {
    if (hatch?.colour === colour) return hatch.pattern;
    const tile = document.createElement('canvas');
    tile.width = tile.height = 8;
    const t = tile.getContext('2d');
    t.strokeStyle = colour;
    t.lineWidth = 2;
    t.beginPath();
    t.moveTo(0, 8);
    t.lineTo(8, 0);
    t.stroke();
    hatch = { colour, pattern: ctx.createPattern(tile, 'repeat') };
    return hatch.pattern;
  };
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          for (const band of detail.bands) {
            const x0 = Math.max(left, u.valToPos(sec(band.from), 'x', true));
            const x1 = Math.min(left + width, u.valToPos(sec(band.to), 'x', true));
            if (!(x1 > x0)) continue;
            const colour = colours.bands[band.state];
            ctx.globalAlpha = bandAlpha;
            ctx.fillStyle = colour;
            ctx.fillRect(x0, top, x1 - x0, height);
            if (band.state === 'DEGRADED') {
              ctx.globalAlpha = Math.min(1, bandAlpha * 2.5);
              ctx.fillStyle = hatchFor(ctx, colour);
              ctx.fillRect(x0, top, x1 - x0, height);
            }
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          const line = (iso, colour, dash) => {
            const x = Math.round(u.valToPos(sec(iso), 'x', true));
            if (x < left || x > left + width) return;
            ctx.strokeStyle = colour;
            ctx.lineWidth = 2 * uPlot.pxRatio;
            ctx.setLineDash(dash.map((d) => d * uPlot.pxRatio));
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
          };
          ctx.save();
          for (const action of detail.watchdog) line(action.at, colours.watchdog, [4, 3]);
          for (const incident of detail.incidents) line(incident.startedAt, colours.incident, []);
          ctx.restore();
        },
      ],
    },
  };
}

function chartOptions(container, colours, height, yUnit, series, yMax) {
  const axis = { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
  return {
    width: Math.max(280, container.clientWidth),
    height,
    cursor: { sync: { key: SYNC_KEY }, drag: { x: false, y: false } },
    scales: {
      // The whole range, data or not (read on every redraw, so a refresh moves it along).
      x: { time: true, range: () => [Date.parse(detail.range.from) / 1000, Date.parse(detail.range.to) / 1000] },
      y: { range: (u, min, max) => [0, yMax(Number.isFinite(max) ? max : 0)] },
    },
    axes: [axis, { ...axis, size: 64, values: (u, values) => values.map((v) => `${+v.toFixed(2)} ${yUnit}`) }],
    series: [{}, ...series],
    plugins: [overlayPlugin(colours, height > 200 ? 0.14 : 0.1)],
  };
}

function renderCharts() {
  for (const chart of charts) chart.destroy();
  charts = [];
  const colours = palette();
  const latencyBox = $('latency-chart');
  const errorBox = $('errors-chart');
  latencyBox.textContent = '';
  errorBox.textContent = '';
  const ms = (u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ms`);
  const latencyData = columns(LATENCY_COLUMNS);
  charts.push(
    new uPlot(
      chartOptions(
        latencyBox,
        colours,
        300,
        'ms',
        [
          { label: 'p50', stroke: colours.p50, width: 1.5, value: ms, spanGaps: false },
          { label: 'p95', stroke: colours.p95, width: 1.5, value: ms },
          { label: 'p99', stroke: colours.p99, width: 1.5, dash: [6, 3], value: ms },
        ],
        (max) => Math.max(10, max * 1.1),
      ),
      latencyData,
      latencyBox,
    ),
  );
  const errorData = columns(ERROR_COLUMNS);
  charts.push(
    new uPlot(
      chartOptions(
        errorBox,
        colours,
        180,
        '%',
        [
          {
            label: 'failed polls',
            stroke: colours.errors,
            fill: withAlpha(colours.errors, 0.2),
            width: 1.5,
            value: (u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} %`),
          },
        ],
        (max) => Math.min(100, Math.max(5, max * 1.2)),
      ),
      errorData,
      errorBox,
    ),
  );
  describeCharts(latencyData, errorData);
}

function describeCharts(latencyData, errorData) {
  const latencyBox = $('latency-chart');
  const errorBox = $('errors-chart');
  latencyBox.dataset.points = String(latencyData[0].length);
  latencyBox.setAttribute('aria-label', `Latency chart, p50, p95 and p99, ${rangeText()}`);
  errorBox.dataset.points = String(errorData[0].length);
  errorBox.setAttribute('aria-label', `Error rate chart, ${rangeText()}`);
}

/** A refresh of the same range: new data into the charts as they are (the cursor and the page stay put). */
function updateCharts() {
  if (charts.length !== 2) return renderCharts();
  const latencyData = columns(LATENCY_COLUMNS);
  const errorData = columns(ERROR_COLUMNS);
  charts[0].setData(latencyData);
  charts[1].setData(errorData);
  describeCharts(latencyData, errorData);
}

function renderLegend() {
  const list = $('band-legend');
  list.textContent = '';
  const states = [...new Set(detail.bands.map((b) => b.state))];
  for (const state of states) {
    const item = el('li');
    item.append(el('span', `tg-swatch b-${state}`), document.createTextNode(BAND_LABEL[state] ?? state));
    list.appendChild(item);
  }
  if (detail.incidents.length) {
    const item = el('li');
    item.append(el('span', 'tg-swatch m-incident'), document.createTextNode('incident start'));
    list.appendChild(item);
  }
  if (detail.watchdog.length) {
    const item = el('li');
    item.append(el('span', 'tg-swatch m-watchdog'), document.createTextNode('watchdog action'));
    list.appendChild(item);
  }
  if (!list.children.length) list.appendChild(el('li', 'empty', 'No state changes recorded in this range.'));
}

/** A table with a caption (read by screen readers), column headers and rows of cells (text or nodes). */
function table(caption, headers, rows) {
  const node = el('table', 'table');
  node.appendChild(el('caption', 'tg-sr-only', caption));
  const head = node.createTHead().insertRow();
  for (const h of headers) {
    const th = el('th', '', h);
    th.scope = 'col';
    head.appendChild(th);
  }
  const body = node.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    for (const cell of cells) {
      const td = row.insertCell();
      if (cell instanceof Node) td.appendChild(cell);
      else td.textContent = cell === null || cell === undefined ? '—' : String(cell);
    }
  }
  return node;
}

function renderSeriesTable() {
  const box = $('series-table');
  box.textContent = '';
  if (!detail.series.length) {
    box.appendChild(el('p', 'empty', 'No data in this range.'));
    return;
  }
  const rows = [...detail.series]
    .reverse()
    .slice(0, MAX_TABLE_ROWS)
    .map((p) => [fmtTime(p.t), fmtMs(p.p50), fmtMs(p.p95), fmtMs(p.p99), fmtMs(p.max), p.count, pct(p.errorRate)]);
  box.appendChild(
    table(
      `Latency per ${detail.bucketSeconds} s bucket, newest first`,
      ['Bucket start', 'p50', 'p95', 'p99', 'Max', 'Polls', 'Failed'],
      rows,
    ),
  );
}

function renderChecks() {
  const box = $('checks');
  box.textContent = '';
  const { items, at, status } = detail.checks;
  $('checks-at').textContent = at ? `as reported ${fmtTime(at)}${status ? ` · overall ${status}` : ''}` : '';
  if (!items.length) {
    box.appendChild(el('p', 'empty', detail.target.kind === 'http' ? 'A plain HTTP target reports no checks.' : 'No report read yet.'));
    return;
  }
  const value = (c) => (c.value === null ? '—' : `${+c.value.toFixed(3)}${c.unit ? ` ${c.unit}` : ''}`);
  const statusCell = (c) => el('span', c.status === 'pass' ? '' : `tg-outcome-${c.status === 'fail' ? 'fail' : 'degraded'}`, c.status);
  box.appendChild(
    table(
      'The target’s own health checks as last reported',
      ['Check', 'Status', 'Value'],
      items.map((c) => [c.name, statusCell(c), value(c)]),
    ),
  );
}

function renderIncidents() {
  const box = $('incidents');
  box.textContent = '';
  if (!detail.incidents.length) {
    box.appendChild(el('p', 'empty', 'No incidents in this range.'));
    return;
  }
  const list = el('ul', 'tg-list');
  for (const incident of [...detail.incidents].reverse()) {
    const item = el('li', `k-${incident.kind}`);
    const link = el('a', '', `${incident.kind === 'down' ? 'Outage' : 'Degraded'}: ${incident.cause}`);
    link.href = `/incident.html?id=${encodeURIComponent(incident.id)}`;
    const when = incident.endedAt
      ? `${fmtTime(incident.startedAt)}, lasted ${fmtDuration(incident.durationSeconds)}`
      : `${fmtTime(incident.startedAt)}, ongoing for ${fmtDuration(incident.durationSeconds)}`;
    item.append(link, el('div', 'hint', when));
    if (incident.detail) item.appendChild(el('div', 'muted', incident.detail));
    list.appendChild(item);
  }
  box.appendChild(list);
}

function renderWatchdog() {
  const box = $('watchdog');
  box.textContent = '';
  if (!detail.watchdog.length) {
    box.appendChild(el('p', 'empty', 'The watchdog did nothing about this target in this range.'));
    return;
  }
  const list = el('ul', 'tg-list');
  for (const action of detail.watchdog) {
    const item = el('li', `sev-${action.severity}`);
    item.append(el('strong', '', action.kind), document.createTextNode(` · ${fmtTime(action.at)}`), el('div', 'muted', action.message));
    list.appendChild(item);
  }
  box.appendChild(list);
}

function renderRecent() {
  const box = $('recent');
  box.textContent = '';
  if (!detail.recentChecks.length) {
    box.appendChild(el('p', 'empty', 'No polls in this range.'));
    return;
  }
  const outcome = (c) => el('span', c.outcome === 'ok' ? '' : `tg-outcome-${c.outcome}`, c.outcome);
  const rows = detail.recentChecks.map((c) => [fmtTime(c.at), outcome(c), fmtMs(c.latencyMs), c.httpStatus, c.state, c.reason ?? '']);
  box.appendChild(
    table('The last polls in the range, newest first', ['Time', 'Outcome', 'Latency', 'Status code', 'State', 'Reason'], rows),
  );
}

// ---- start -------------------------------------------------------------------------------------------------------

void mountShell('target');
wirePicker();
syncPicker();
if (!name) {
  showError('No target given: open this page as target.html?name=<target>.');
  $('status').textContent = 'No target given.';
} else {
  void load();
}
// Switching colour mode (or theme) sets data-erp-theme on <html>: redraw the charts in the new colours, no reload.
new MutationObserver(() => {
  if (detail) renderCharts();
}).observe(document.documentElement, { attributes: true, attributeFilter: ['data-erp-theme'] });
// A preset ends now: every 30 s (while the page is visible) it is asked for again and moves along.
setInterval(() => {
  if (selection.preset && detail && !loading && document.visibilityState === 'visible') void load(true);
}, REFRESH_MS);
let resizeTimer = null;
addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const chart of charts) chart.setSize({ width: Math.max(280, chart.root.parentElement.clientWidth), height: chart.height });
  }, 100);
});
