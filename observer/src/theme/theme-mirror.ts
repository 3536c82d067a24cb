import { createHash } from 'node:crypto';
import { scheduleJob, type Job, type Logger, type ServiceContext } from '@erp/service-kit';
import { ThemeCacheRepository, type CachedThemeCss } from '../data-access/theme-cache.repository';
import { STANDARD_THEME_CSS } from './builtin-tokens';
import { fallbackCss, MAX_THEME_CSS_BYTES, parseThemeCss, type ThemeBlock } from './theme-css';

/** Where the served CSS came from: fresh from theme, the stored last good copy (theme not answering), or built in. */
export type ThemeSource = 'theme' | 'stored' | 'built-in';

/** A stylesheet as the observer serves it. */
export interface ServedThemeCss {
  css: string;
  etag: string;
  source: ThemeSource;
  /** When the copy was fetched from theme (null: built in). */
  fetchedAt: Date | null;
}

export interface ThemeMirrorOptions {
  /** Base URL of the theme service (THEME_URL); unset → built-in tokens only. */
  themeUrl?: string;
  /** A good copy is revalidated (If-None-Match) this often (default 60 s). */
  refreshMs?: number;
  /** After a failed fetch, the next try comes this soon (default 10 s). */
  retryMs?: number;
  /** Hard timeout of one fetch: connect, headers and body (default 2 s). */
  timeoutMs?: number;
  maxBytes?: number;
}

const ALL = 'all.css';
const MAX_CUSTOM = 100;
/** Upstream fetches of custom themes per minute: a page may name any id, so random ids must not turn into a flood at theme. */
const CUSTOM_FETCHES_PER_MINUTE = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MODES = ['light', 'dark', 'high-contrast'] as const;

const etagOf = (css: string): string => `"${createHash('sha256').update(css).digest('hex').slice(0, 20)}"`;

/** The built-in standard tokens, parsed like anything fetched (a broken copy fails the start, not a page). */
function builtInTokens(): { css: string; blocks: ThemeBlock[] } {
  const parsed = parseThemeCss(STANDARD_THEME_CSS);
  if (!parsed.ok) throw new Error(`the built-in theme tokens do not parse: ${parsed.reason}`);
  return parsed;
}

class FetchFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Follows the theme service without depending on it: fetches every built-in variant × mode (`/themes/all.css`) at
 * start and then periodically, with a short timeout; validates it (theme-css.ts); keeps the last good copy in
 * PostgreSQL (table theme_cache) so a restarted observer has it while theme is down; and serves it same-origin on
 * top of built-in standard tokens, which are all a page gets when theme never answered.
 */
export class ThemeMirror {
  private readonly refreshMs: number;
  private readonly retryMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly fallback: string;
  private readonly builtIn: string;
  private store: ThemeCacheRepository | undefined;
  private logger: Logger | undefined;
  private all: CachedThemeCss | undefined;
  private lastAttempt: { at: number; ok: boolean; error?: string; ms: number } | undefined;
  private servedTokens: ServedThemeCss;
  private readonly custom = new Map<string, { entry: CachedThemeCss | null; checkedAt: number; ok: boolean }>();
  private customFetches: number[] = [];
  private markLoaded!: () => void;
  private readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(private readonly options: ThemeMirrorOptions = {}) {
    this.refreshMs = options.refreshMs ?? 60_000;
    this.retryMs = options.retryMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.maxBytes = options.maxBytes ?? MAX_THEME_CSS_BYTES;
    const standard = builtInTokens();
    this.fallback = fallbackCss(standard.blocks);
    this.builtIn = standard.css;
    this.servedTokens = this.compose();
    if (!options.themeUrl) this.markLoaded();
  }

  /** Loads the stored copy, fetches from theme and schedules the refresh; registers the `theme:responseTime` check. */
  start(ctx: Pick<ServiceContext, 'dataSource' | 'logger' | 'health'>): Job {
    const { themeUrl } = this.options;
    this.logger = ctx.logger.child({ component: 'theme-mirror' });
    if (!themeUrl) {
      this.logger.info('THEME_URL is not set: the dashboard paints with the built-in standard tokens');
      return { stop: () => undefined };
    }
    this.store = new ThemeCacheRepository(ctx.dataSource);
    ctx.health.addCheck({
      name: 'theme:responseTime',
      componentType: 'component',
      componentId: themeUrl,
      required: false,
      run: async () => {
        const attempt = this.lastAttempt;
        if (!attempt) return { output: `not fetched yet; serving ${this.servedTokens.source} tokens` };
        if (!attempt.ok) throw new Error(`theme does not answer (${attempt.error}); serving ${this.servedTokens.source} tokens`);
        return {
          observedValue: attempt.ms,
          observedUnit: 'ms',
          output: `serving theme tokens fetched ${this.all?.fetchedAt.toISOString()}`,
        };
      },
    });
    const first = (async () => {
      try {
        const stored = await this.store?.load(ALL);
        const parsed = stored && parseThemeCss(stored.css, this.maxBytes);
        if (stored && parsed?.ok) this.setAll(stored);
      } catch (error) {
        this.logger?.warn({ err: error }, 'could not read the stored theme copy');
      } finally {
        this.markLoaded();
      }
      await this.refresh();
    })();
    const job = scheduleJob({
      name: 'theme-refresh',
      schedule: { everyMs: Math.min(this.retryMs, this.refreshMs) },
      logger: this.logger,
      run: async () => {
        const last = this.lastAttempt;
        const due = !last || Date.now() - last.at >= (last.ok ? this.refreshMs : this.retryMs);
        if (due) await this.refresh();
      },
    });
    return {
      stop: async () => {
        await job.stop();
        await first;
      },
    };
  }

  /** Resolves once the stored copy has been read (at most 2 s wait, then the built-in tokens answer). */
  ready(): Promise<void> {
    return Promise.race([this.loaded, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]);
  }

  /** What GET /theme/tokens.css serves. */
  tokens(): ServedThemeCss {
    return this.servedTokens;
  }

  /** Fetches `/themes/all.css` (conditionally), validates and stores it; never throws. */
  async refresh(): Promise<void> {
    const started = Date.now();
    try {
      const answer = await this.fetchCss(`/themes/${ALL}`, this.all?.upstreamEtag ?? undefined);
      const fetchedAt = new Date();
      if (answer === 'not-modified' && this.all) {
        this.setAll({ ...this.all, fetchedAt });
        await this.store?.touch(ALL, fetchedAt);
      } else if (answer !== 'not-modified') {
        const entry: CachedThemeCss = { name: ALL, css: answer.css, upstreamEtag: answer.etag, fetchedAt };
        if (entry.css !== this.all?.css) {
          await this.store?.save(entry);
          this.logger?.info({ bytes: entry.css.length }, 'theme tokens updated from the theme service');
        }
        this.setAll(entry);
      }
      this.lastAttempt = { at: Date.now(), ok: true, ms: Date.now() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.lastAttempt?.ok !== false || this.lastAttempt.error !== message)
        this.logger?.warn(
          { error: message, serving: this.servedTokens.source },
          'theme tokens could not be fetched; keeping the last good copy',
        );
      this.lastAttempt = { at: Date.now(), ok: false, error: message, ms: Date.now() - started };
    }
    this.servedTokens = this.compose();
  }

  /**
   * A custom theme's three modes (`/themes/<id>-<mode>.css`), fetched on demand, validated, kept like all.css and
   * revalidated after `refreshMs`; undefined when theme does not know it (or never answered and nothing is stored).
   */
  async customTheme(id: string): Promise<ServedThemeCss | undefined> {
    if (!UUID.test(id) || !this.options.themeUrl) return undefined;
    await this.ready();
    const name = `custom:${id}`;
    let known = this.custom.get(id);
    if (!known && this.store) {
      const stored = await this.store.load(name).catch(() => undefined);
      known = { entry: stored ?? null, checkedAt: 0, ok: false };
    }
    const now = Date.now();
    this.customFetches = this.customFetches.filter((at) => now - at < 60_000);
    const due = !known || now - known.checkedAt >= (known.ok ? this.refreshMs : this.retryMs);
    if (due && this.customFetches.length < CUSTOM_FETCHES_PER_MINUTE) {
      this.customFetches.push(now);
      try {
        const answers = await Promise.all(MODES.map((mode) => this.fetchCss(`/themes/${id}-${mode}.css`)));
        const css = answers.map((a) => (a === 'not-modified' ? '' : a.css)).join('');
        const parsed = parseThemeCss(css, this.maxBytes);
        if (!parsed.ok || parsed.blocks.some((b) => !b.key.startsWith(`${id}-`))) throw new FetchFailure('not the custom theme asked for');
        const entry: CachedThemeCss = { name, css: parsed.css, upstreamEtag: null, fetchedAt: new Date() };
        if (entry.css !== known?.entry?.css) await this.store?.save(entry);
        known = { entry, checkedAt: Date.now(), ok: true };
      } catch (error) {
        // theme says it does not exist (any more): forget it; theme not answering: keep what is stored
        const gone = error instanceof FetchFailure && error.status === 404;
        known = { entry: gone ? null : (known?.entry ?? null), checkedAt: Date.now(), ok: false };
      }
      if (this.custom.size >= MAX_CUSTOM && !this.custom.has(id)) this.custom.delete(this.custom.keys().next().value as string);
      this.custom.set(id, known);
    }
    if (!known?.entry) return undefined;
    return { css: known.entry.css, etag: etagOf(known.entry.css), source: known.ok ? 'theme' : 'stored', fetchedAt: known.entry.fetchedAt };
  }

  private setAll(entry: CachedThemeCss): void {
    this.all = entry;
    this.servedTokens = this.compose();
  }

  private compose(): ServedThemeCss {
    const mirrored = this.all;
    const source: ThemeSource = !mirrored ? 'built-in' : this.lastAttempt?.ok ? 'theme' : 'stored';
    const origin = mirrored
      ? `/* The theme service's role tokens (every variant × mode), fetched ${mirrored.fetchedAt.toISOString()} */\n${mirrored.css}`
      : `/* Built-in standard tokens: the theme service has not answered yet */\n${this.builtIn}`;
    const css = `/* ERP theme tokens as served by the observer; source: ${source} */\n/* Safety net: standard tokens for any variant without its own block */\n${this.fallback}${origin}`;
    return { css, etag: etagOf(css), source, fetchedAt: mirrored?.fetchedAt ?? null };
  }

  /** GET `${THEME_URL}${path}` with the timeout and size cap; the validated canonical CSS, or 'not-modified'. */
  private async fetchCss(path: string, ifNoneMatch?: string): Promise<{ css: string; etag: string | null } | 'not-modified'> {
    const base = this.options.themeUrl as string;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const response = await fetch(new URL(path, base.endsWith('/') ? base : `${base}/`), {
      headers: { accept: 'text/css', ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
      signal,
      redirect: 'error',
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return 'not-modified';
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new FetchFailure(`${path} answered ${response.status}`, response.status);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!/^text\/css\b/i.test(type)) {
      await response.body?.cancel();
      throw new FetchFailure(`${path} is ${type || 'untyped'}, not text/css`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > this.maxBytes) {
      await response.body?.cancel();
      throw new FetchFailure(`${path} is larger than ${this.maxBytes} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > this.maxBytes) {
        await reader?.cancel();
        throw new FetchFailure(`${path} is larger than ${this.maxBytes} bytes`);
      }
      chunks.push(chunk.value);
    }
    const parsed = parseThemeCss(Buffer.concat(chunks), this.maxBytes);
    if (!parsed.ok) throw new FetchFailure(`${path} is not theme CSS: ${parsed.reason}`);
    return { css: parsed.css, etag: response.headers.get('etag') };
  }
}
