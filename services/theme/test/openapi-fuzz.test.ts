import { createDatabaseDigest, fuzzOpenApi, fuzzTimeoutMs, type DatabaseDigest } from '@erp/testing';
import { call, startThemeServer, subjectOf, tokenOf, type ThemeServer } from './support/theme-server';

/** Every route of theme's own OpenAPI document, fed generated hostile requests with an admin token (see @erp/testing). */
describe('theme under generated hostile input', () => {
  let theme: ThemeServer;
  let digest: DatabaseDigest;
  let themeId: string;

  beforeAll(async () => {
    theme = await startThemeServer();
    const created = await call(theme.url, 'POST', '/api/v1/themes', { as: 'root', body: { name: 'Fuzzed', variant: 'standard' } });
    if (created.status !== 201) throw new Error(`creating a theme: ${created.status} ${created.text}`);
    themeId = String(created.json.id);
    digest = await createDatabaseDigest(theme.service.context.config.DATABASE_URL as string);
  }, 120_000);

  afterAll(async () => {
    await digest?.close();
    await theme?.stop();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const report = await fuzzOpenApi({
        baseUrl: theme.url,
        token: tokenOf('root'),
        values: { id: [themeId, 'standard'], userId: [subjectOf('root')], variant: ['standard', 'modern'] },
        digest: () => digest.read(),
      });
      expect(report.routes).toBeGreaterThan(10);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});
