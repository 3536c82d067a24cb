import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@erp/testing';
import { parseObserverConfig, ObserverConfigError } from '../src/config/config-file';
import { buildObserverService } from '../src/service';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

const problemsOf = (text: string): string[] => {
  try {
    parseObserverConfig(text);
  } catch (error) {
    if (error instanceof ObserverConfigError) return error.problems;
    throw error;
  }
  throw new Error('config was accepted');
};

describe('observer_config.json', () => {
  test('when the shipped example is parsed, then it is valid and per-target overrides keep the defaults for the rest', async () => {
    const config = parseObserverConfig(await readFile(join(__dirname, '..', 'observer_config.example.json'), 'utf8'));
    const orders = config.targets.find((t) => t.name === 'orders');
    expect(orders?.thresholds).toEqual({ p95LatencyMs: 500, failureThreshold: 2 });
    expect(config.defaults.thresholds.successThreshold).toBe(2);
  });

  test('when fields are wrong, then every problem names its field', () => {
    const problems = problemsOf(
      JSON.stringify({ targets: [{ name: 'Bad Name', url: 'ftp://x', intervalSeconds: 0, kind: 'tcp' }], surprise: true }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^targets\.0\.name: /),
        expect.stringMatching(/^targets\.0\.url: /),
        expect.stringMatching(/^targets\.0\.intervalSeconds: /),
        expect.stringMatching(/^targets\.0\.kind: /),
        expect.stringMatching(/surprise/),
      ]),
    );
  });

  test('when dependencies are unknown, duplicated or circular, then they are refused', () => {
    const target = (name: string, dependsOn: string[]) => ({ name, url: 'http://127.0.0.1:1/health', dependsOn });
    expect(problemsOf(JSON.stringify({ targets: [target('a', ['ghost'])] }))).toEqual([
      'targets.0.dependsOn.0: depends on unknown target "ghost"',
    ]);
    expect(problemsOf(JSON.stringify({ targets: [target('a', []), target('a', [])] }))).toEqual([
      'targets.1.name: duplicate target name "a"',
    ]);
    expect(problemsOf(JSON.stringify({ targets: [target('a', ['b']), target('b', ['c']), target('c', ['a'])] }))).toEqual([
      'targets: dependency cycle: a → b → c → a',
    ]);
  });

  test('when the text is not JSON, then the error says so', () => {
    expect(problemsOf('{ "targets": [')[0]).toMatch(/^\(root\)|not valid JSON/);
  });
});

describe('environment', () => {
  test.each([
    ['too short', 'short-token', 'OBSERVER_ADMIN_TOKEN: expected at least 16 characters'],
    ['not sendable as a bearer token', 'a token with spaces in it', 'OBSERVER_ADMIN_TOKEN: expected only letters'],
  ])('when OBSERVER_ADMIN_TOKEN is %s, then the observer refuses to start naming it', (_what, token, message) => {
    expect(() =>
      buildObserverService({ OBSERVER_CONFIG: '/nonexistent.json', DATABASE_URL: 'postgres://127.0.0.1/x', OBSERVER_ADMIN_TOKEN: token }),
    ).toThrow(message);
  });
});

describe('config reload', () => {
  let a: FakeTarget;
  let b: FakeTarget;
  let observer: ObserverHarness;
  const names = async () => (await observer.get<{ name: string }[]>('/api/v1/services')).map((s) => s.name).sort();
  const status = () => observer.get<{ config: { targets: number; lastError: { problems: string[] } | null } }>('/api/v1/observer');

  beforeAll(async () => {
    [a, b] = await Promise.all([startFakeTarget('a'), startFakeTarget('b')]);
    observer = await startObserver(fastConfig([{ name: 'a', url: a.healthUrl }]));
  });
  afterAll(async () => {
    await observer.stop();
    await Promise.all([a.close(), b.close()]);
  });

  test('when the file changes, then the new targets are polled without a restart', async () => {
    await observer.writeConfig(
      fastConfig([
        { name: 'a', url: a.healthUrl },
        { name: 'b', url: b.healthUrl },
      ]),
    );
    await waitFor(async () => (await names()).join() === 'a,b', { timeoutMs: 5_000, message: 'b added' });
    await waitFor(() => b.requests() > 0, { timeoutMs: 5_000, message: 'b polled' });
  });

  test('when the file is broken, then it is refused with the bad field named and the last good config keeps running', async () => {
    await observer.writeConfig({ ...fastConfig([{ name: 'a', url: a.healthUrl }]), defaults: { intervalSeconds: -5 } });
    const refused = await waitFor(async () => (await status()).config.lastError, { timeoutMs: 5_000, message: 'refusal' });
    expect(refused.problems).toEqual([expect.stringMatching(/^defaults\.intervalSeconds: /)]);
    expect(await names()).toEqual(['a', 'b']);
    const before = b.requests();
    await waitFor(() => b.requests() > before, { timeoutMs: 5_000, message: 'b still polled' });
  });
});
