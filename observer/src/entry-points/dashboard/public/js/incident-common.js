// What the incidents timeline and the incident detail page share: wording of times and durations, live refresh.
import { el, fmtTime } from './ui.js';

export const KIND_LABEL = { down: 'DOWN', degraded: 'DEGRADED' };

const pad = (n) => String(n).padStart(2, '0');
const sameDay = (a, b) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "12:03", or "Dec 1 12:03" when the time is not on `day` (today by default). */
export function clock(date, day = new Date()) {
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (sameDay(date, day)) return hm;
  return `${date.toLocaleDateString('en', { month: 'short', day: 'numeric' })} ${hm}`;
}

/** "42 s", "7 min", "2 h 5 min", "3 d 4 h" — a duration in seconds, rounded to what a reader needs. */
export function shortDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "12:03–12:10, 7 min" or "12:03–now, 7 min, ongoing" for a period (ISO start, ISO end or null). */
export function spanText(startIso, endIso, now = Date.now()) {
  const start = new Date(startIso);
  const end = endIso ? new Date(endIso) : null;
  const seconds = ((end ? end.getTime() : now) - start.getTime()) / 1000;
  const from = clock(start);
  const to = end ? clock(end, sameDay(start, end) ? start : new Date()) : 'now';
  return `${from}–${to}, ${shortDuration(seconds)}${end ? '' : ', ongoing'}`;
}

/** A <time> element showing a local date and time, with the ISO value for machines. */
export function timeEl(iso) {
  const node = el('time', 'nowrap', fmtTime(iso));
  if (iso) node.dateTime = iso;
  return node;
}

/** A link to the target's page (another page of the dashboard), or plain text for a cause that is a check. */
export function targetLink(name) {
  if (name.startsWith('check:')) return el('span', '', name);
  const link = el('a', '', name);
  link.href = `/target.html?name=${encodeURIComponent(name)}`;
  return link;
}

/** A table with a caption and header cells; `rows` are arrays of cells (a Node or text). */
export function table(caption, headers, rows) {
  const t = el('table', 'table');
  const cap = el('caption', 'visually-hidden', caption);
  t.appendChild(cap);
  const head = el('thead');
  const hr = el('tr');
  for (const h of headers) {
    const th = el('th', '', h);
    th.scope = 'col';
    hr.appendChild(th);
  }
  head.appendChild(hr);
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    for (const cell of row) {
      const td = el('td');
      if (cell instanceof Node) td.appendChild(cell);
      else td.textContent = cell === null || cell === undefined ? '—' : String(cell);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  t.append(head, body);
  const wrap = el('div', 'table-wrap');
  wrap.appendChild(t);
  return wrap;
}

/** Says `text` in the page's polite status region (#status), only when it changed: a live refresh repeats nothing. */
export function announce(text) {
  const region = document.getElementById('status');
  if (region && region.textContent !== text) region.textContent = text;
}

/**
 * Re-renders `container` with `render()` without losing the keyboard focus: an element inside it that has the focus
 * and a `data-key` gets it back in the new content (live refreshes must not throw a keyboard user to the top).
 */
export function keepingFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  render();
  if (key === undefined) return;
  const again = [...container.querySelectorAll('[data-key]')].find((node) => node.dataset.key === key);
  again?.focus({ preventScroll: true });
}

/**
 * Runs `work` at most once per `intervalMs`, however often it is asked for; a request during a run runs it once more
 * afterwards. Returns the function that asks for a run.
 */
export function coalesced(work, intervalMs = 1000) {
  let lastRun = 0;
  let timer = null;
  let running = false;
  let again = false;
  const run = async () => {
    timer = null;
    running = true;
    lastRun = Date.now();
    try {
      await work();
    } finally {
      running = false;
      if (again) {
        again = false;
        request();
      }
    }
  };
  const request = () => {
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    timer = setTimeout(run, Math.max(0, lastRun + intervalMs - Date.now()));
  };
  return request;
}

/** Listens to the observer's live stream; `onEvent(type, data)` for each of `types`. Closed when the page goes away. */
export function listen(types, onEvent) {
  if (typeof EventSource === 'undefined') return;
  const source = new EventSource('/api/v1/stream');
  for (const type of types) {
    source.addEventListener(type, (event) => {
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        data = null;
      }
      onEvent(type, data);
    });
  }
  addEventListener('pagehide', () => source.close());
}
