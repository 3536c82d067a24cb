import type { DataSource } from 'typeorm';

/** A stylesheet as last fetched from the theme service and validated. */
export interface CachedThemeCss {
  name: string;
  css: string;
  upstreamEtag: string | null;
  fetchedAt: Date;
}

/** The last good theme stylesheets (table theme_cache): one row per file name, replaced on every change. */
export class ThemeCacheRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(name: string): Promise<CachedThemeCss | undefined> {
    const rows: Array<{ name: string; css: string; upstream_etag: string | null; fetched_at: Date }> = await this.dataSource.query(
      'SELECT name, css, upstream_etag, fetched_at FROM theme_cache WHERE name = $1',
      [name],
    );
    const row = rows[0];
    return row && { name: row.name, css: row.css, upstreamEtag: row.upstream_etag, fetchedAt: new Date(row.fetched_at) };
  }

  async save(entry: CachedThemeCss): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO theme_cache (name, css, upstream_etag, fetched_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET css = EXCLUDED.css, upstream_etag = EXCLUDED.upstream_etag, fetched_at = EXCLUDED.fetched_at`,
      [entry.name, entry.css, entry.upstreamEtag, entry.fetchedAt],
    );
  }

  /** Marks a stored copy as confirmed current (a 304 from theme) without rewriting it. */
  async touch(name: string, fetchedAt: Date): Promise<void> {
    await this.dataSource.query('UPDATE theme_cache SET fetched_at = $2 WHERE name = $1', [name, fetchedAt]);
  }
}
