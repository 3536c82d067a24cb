import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

type Status = { config: { loadedAt: string; targets: number; lastError: { problems: string[] } | null } };

let target: FakeTarget;
let observer: ObserverHarness;
beforeAll(async () => {
  target = await startFakeTarget('a');
  observer = await startObserver(fastConfig([{ name: 'a', url: target.healthUrl }]));
});
afterAll(async () => {
  await observer.stop();
  await target.close();
});

const publicStatus = async () => {
  const { status, body } = await observer.request('/api/v1/observer', { token: null });
  expect(status).toBe(200);
  return body as Status;
};

test('when anyone asks for the observer status, then it tells the config state but not where the file lives on disk', async () => {
  const body = await publicStatus();
  expect(body.config).toEqual({ loadedAt: expect.any(String), targets: 1, lastError: null });
  expect(JSON.stringify(body)).not.toContain(dirname(observer.configPath));
});

test('when the config file was refused, then the public status names the problem, still without the path', async () => {
  await rm(observer.configPath);
  const refused = await waitFor(async () => (await publicStatus()).config.lastError, { timeoutMs: 5_000, message: 'refusal' });
  expect(refused.problems).toEqual([expect.stringMatching(/^cannot read: ENOENT/)]);
  expect(JSON.stringify(await publicStatus())).not.toContain(dirname(observer.configPath));
});
