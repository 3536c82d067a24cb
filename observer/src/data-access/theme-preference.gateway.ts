import { createHttpClient, type HttpClient, type Logger } from '@erp/service-kit';
import { upstreamProblem, type UpstreamResponse } from './upstream-problem';

/**
 * A person's theme preference at the theme service, read and written with their own access token (theme lets each
 * user see and change only their own).
 */
export class ThemePreferenceGateway {
  private readonly read: HttpClient;
  private readonly write: HttpClient;

  constructor(themeUrl: string, logger: Logger) {
    // Reading is part of every page load (GET /api/v1/session): short, no retry, and a page without it still works.
    this.read = createHttpClient({ name: 'theme', baseURL: themeUrl, logger, timeoutMs: 1_500, retries: 0 });
    this.write = createHttpClient({ name: 'theme', baseURL: themeUrl, logger, timeoutMs: 3_000, retries: 1 });
  }

  /** The preference, or null when theme does not answer it (down, slow, refusing): the page then keeps its own. */
  async get(accessToken: string, userId: string): Promise<unknown> {
    try {
      const response = await this.read.get(this.path(userId), { headers: { authorization: `Bearer ${accessToken}` } });
      return response.status === 200 ? response.data : null;
    } catch {
      return null;
    }
  }

  /** Replaces the preference (theme's PUT) and returns what theme stored; theme's refusals as the same problems, theme down → 503. */
  async put(accessToken: string, userId: string, preference: unknown): Promise<unknown> {
    const response = await this.write.put(this.path(userId), preference, { headers: { authorization: `Bearer ${accessToken}` } });
    if (response.status !== 200) throw upstreamProblem('theme', response as UpstreamResponse);
    return response.data;
  }

  close(): void {
    this.read.close();
    this.write.close();
  }

  private path(userId: string): string {
    return `/api/v1/preferences/${encodeURIComponent(userId)}`;
  }
}
