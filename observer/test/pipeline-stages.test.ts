import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { waitFor } from '@erp/testing';
import { AlertStage } from '../src/alerting/alert-stage';
import { observerConfigSchema, type ObserverConfigInput } from '../src/config/observer-config.schema';
import type { AlertMessage } from '../src/model/alert-message';
import type { Incident } from '../src/model/incident';
import type { ProbeResult } from '../src/model/target-types';
import { HttpProber } from '../src/probing/http-prober';
import { PollScheduler } from '../src/probing/poll-scheduler';
import { ProbeStage } from '../src/probing/probe-stage';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

const SRC = join(__dirname, '..', 'src');
const STAGES = ['probing', 'domain', 'alerting', 'notifiers'];

/** Every relative import of the .ts files under one folder of src/, as the folder of src/ it points into. */
function foldersImportedBy(folder: string): Set<string> {
  const imported = new Set<string>();
  for (const file of readdirSync(join(SRC, folder)).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(SRC, folder, file), 'utf8');
    for (const [, path] of text.matchAll(/from '(\.\.?\/[^']+)'/g)) {
      if (path?.startsWith('../')) imported.add(path.slice(3).split('/')[0] as string);
    }
  }
  return imported;
}

describe('the pipeline is one way: probe → state → incident → alert → delivery', () => {
  test.each(STAGES)('when reading the imports of %s/, then it imports no other stage (only model, config and the stores)', (folder) => {
    const others = [...foldersImportedBy(folder)].filter((f) => STAGES.includes(f));
    expect(others).toEqual([]);
  });

  test('when reading the imports of model/, then the ground floor imports nothing else of the observer', () => {
    expect([...foldersImportedBy('model')]).toEqual([]);
  });
});

describe('the alert stage: a notice put into words, handed on', () => {
  const incident = (cause: string): Incident => ({
    id: `id-${cause}`,
    kind: 'down',
    cause,
    startedAt: new Date(Date.now() - 90_000),
    endedAt: null,
    affected: [
      {
        target: cause,
        since: new Date(Date.now() - 90_000).toISOString(),
        endedAt: null,
        detail: 'HTTP 503',
        announced: true,
        mutedBy: null,
      },
    ],
    notificationsSent: 0,
    lastNotifiedAt: null,
  });

  test('when the incident stage hands on a problem, a recovery and a reminder, then each becomes one message naming its incidents', () => {
    const sent: AlertMessage[] = [];
    const stage = new AlertStage({ dashboardUrl: 'http://observer.test/' }, (message) => sent.push(message));
    const now = Date.now();
    const item = {
      target: 'catalog',
      state: 'DOWN',
      detail: 'HTTP 503',
      since: new Date(now - 5_000).toISOString(),
      durationSeconds: 5,
      lastValues: {},
    };
    stage.onNotice({ type: 'problem', sections: [{ incident: incident('catalog'), kind: 'down', items: [item] }], at: now });
    stage.onNotice({
      type: 'recovery',
      items: [{ ...item, state: 'UP', detail: 'recovered (was DOWN: HTTP 503)' }],
      incidents: [incident('catalog')],
    });
    stage.setOptions({ dashboardUrl: 'http://elsewhere.test/' });
    stage.onNotice({ type: 'reminder', incidents: [incident('orders')], at: now });
    expect(sent.map((m) => [m.kind, m.title, m.incidentIds])).toEqual([
      ['down', 'DOWN: catalog', ['id-catalog']],
      ['recovery', 'RECOVERED: catalog', ['id-catalog']],
      ['reminder', 'Still failing: orders (1 min)', ['id-orders']],
    ]);
    expect(sent.map((m) => m.dashboardUrl)).toEqual(['http://observer.test/', 'http://observer.test/', 'http://elsewhere.test/']);
  });
});

describe('the probe stage: polls hand their results on', () => {
  let target: FakeTarget;
  const config = (input: Partial<ObserverConfigInput> & Pick<ObserverConfigInput, 'targets'>) =>
    observerConfigSchema.parse({ reports: { enabled: false }, ...input });

  beforeAll(async () => {
    target = await startFakeTarget('catalog');
  });
  afterAll(async () => {
    await target.close();
  });

  test('when a target is polled, then its result is handed on; when its config is replaced while a poll runs, then that result is dropped', async () => {
    const results: ProbeResult[] = [];
    const logger = pino({ level: 'silent' });
    const stage = new ProbeStage(new HttpProber(), new PollScheduler({ concurrency: 10, jitterMs: 0 }, logger), (result) =>
      results.push(result),
    );
    try {
      stage.setTargets(config({ targets: [{ name: 'catalog', url: target.healthUrl }] }));
      await stage.poll('catalog');
      expect(results.map((r) => [r.target, r.ok])).toEqual([['catalog', true]]);

      target.set({ kind: 'slow', delayMs: 300 });
      const polling = stage.poll('catalog');
      await waitFor(() => target.requests() === 2, { message: 'the second poll in flight' });
      stage.setTargets(config({ targets: [{ name: 'catalog', url: target.healthUrl, labels: { team: 'commerce' } }] }));
      await polling;
      expect(results).toHaveLength(1);
      await stage.poll('unknown');
      expect(results).toHaveLength(1);
    } finally {
      await stage.stop();
      stage.close();
    }
  });
});
