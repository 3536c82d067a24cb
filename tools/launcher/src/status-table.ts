/** One row of the fleet table the launcher prints. */
export interface StatusRow {
  name: string;
  url: string;
  health: string;
  pid: number | null;
  note?: string;
}

/** Renders rows as a fixed-width text table. */
export function renderTable(rows: StatusRow[]): string {
  const header = ['SERVICE', 'URL', 'HEALTH', 'PID', 'NOTE'];
  const cells = rows.map((r) => [r.name, r.url, r.health, r.pid === null ? '-' : String(r.pid), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (cols: string[]): string =>
    cols
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
