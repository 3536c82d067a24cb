/**
 * `pnpm test:compose`: the repository's real docker-compose.yml on a private Docker engine. Builds the seven member
 * images, brings the stack up, goes through it end to end on its 127.0.0.1 ports, then stops catalog's process and
 * watches the observer alert by mail, the watchdog restart that one container and the recovery. Leaves nothing behind.
 * Third-party images are pulled where a registry answers, else made here (scripts/compose/base-images.sh).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cacheDir,
  ComposeProject,
  composeInstalled,
  dependencyKey,
  Engine,
  extraCaCerts,
  getJson,
  repoRoot,
  run,
  secondsSince,
  waitFor,
  writeBuildOverride,
  type ComposeCli,
} from './compose-harness';

const PROJECT = 'erp-compose-test';
const MEMBERS = ['hr', 'catalog', 'inventory', 'theme', 'orders', 'observer', 'watchdog'];
const SERVICES = ['catalog', 'orders', 'inventory', 'hr', 'theme'];
const url = (port: number, route: string) => `http://127.0.0.1:${port}${route}`;
const report = (line: string) => process.stdout.write(`compose-test: ${line}\n`);

interface Mail {
  subject: string;
  date: string;
}
interface Incident {
  cause: string;
  endedAt: string | null;
  affected: Array<{ target: string }>;
}
interface WatchdogEvent {
  kind: string;
  target: string;
  message: string;
}

describe('docker-compose.yml on a private Docker engine', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'erp-compose-test-'));
  const envFile = path.join(work, '.env');
  let engine: Engine;
  let stack: ComposeProject;
  let env: Record<string, string> = {};
  let failed = false;

  before(async () => {
    try {
      await setUp();
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  async function setUp(): Promise<void> {
    const t0 = Date.now();
    engine = Engine.start();
    report(`engine at ${engine.host}`);
    const extraCa = extraCaCerts();
    run('bash', [path.join(repoRoot, 'scripts/compose/base-images.sh')], {
      env: engine.env({ BUILD_EXTRA_CA_CERTS: extraCa }),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    report(`third-party images ready in ${secondsSince(t0)} s`);

    run('node', [path.join(repoRoot, 'scripts/compose/write-env.mjs'), envFile], {
      env: { ...process.env, COMPOSE_PROJECT_NAME: PROJECT, DOCKER_SOCKET: engine.socket },
    });
    env = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );

    // The dependency stage is saved between runs, keyed by its recipe, and given to every build as cache.
    const key = dependencyKey();
    const depsImage = `erp-compose-cache/deps:${key}`;
    const depsTar = path.join(cacheDir, `deps-${key}.tar`);
    const t1 = Date.now();
    if (existsSync(depsTar)) engine.docker(['load', '-q', '-i', depsTar]);
    const caArgs = extraCa ? ['--build-arg', `BUILD_EXTRA_CA_CERTS=${extraCa}`] : [];
    engine.docker([
      'build',
      '-q',
      '--network',
      'host',
      '--target',
      'deps',
      '--cache-from',
      depsImage,
      ...caArgs,
      '-t',
      depsImage,
      repoRoot,
    ]);
    const cached = existsSync(depsTar);
    if (!cached) {
      run(
        'bash',
        ['-c', `rm -f "${cacheDir}"/deps-*.tar && docker save -o "${depsTar}.part" "${depsImage}" && mv "${depsTar}.part" "${depsTar}"`],
        { env: engine.env() },
      );
    }
    report(`dependency stage ready in ${secondsSince(t1)} s (${cached ? 'from the cache' : 'installed from npm, then saved'})`);
    const override = path.join(work, 'build.override.json');
    writeBuildOverride(override, Object.fromEntries(MEMBERS.map((m) => [m, `erp/${m}:0.1.0`])), depsImage, extraCa);
    const t2 = Date.now();
    new ComposeProject(engine, PROJECT, envFile, [override]).compose(['build']);
    report(`seven member images built by compose in ${secondsSince(t2)} s`);

    stack = new ComposeProject(engine, PROJECT, envFile);
    // The same file must work unchanged with both Composes: the other one, when installed, reads and validates it too.
    const other: ComposeCli = stack.cli === 'v2' ? '1.29' : 'v2';
    const alsoChecked = composeInstalled(other);
    if (alsoChecked) new ComposeProject(engine, PROJECT, envFile, [], other).compose(['config', '--quiet']); // throws on refusal
    report(
      `driving Compose ${stack.cli}${alsoChecked ? `; Compose ${other} accepts the same file (config --quiet)` : ` (Compose ${other} is not installed here)`}`,
    );
    const t3 = Date.now();
    stack.compose(['up', '-d']);
    const healthyAt = new Map<string, number>();
    const containers = await waitFor(
      'every container healthy',
      600_000,
      () => {
        const all = stack.containers();
        for (const c of all) if (c.health === 'healthy' && !healthyAt.has(c.service)) healthyAt.set(c.service, Date.now());
        return all.length >= 12 && all.every((c) => c.health === 'healthy') ? all : undefined;
      },
      500,
    );
    report(`up → every container healthy in ${secondsSince(t3)} s`);
    const startToHealthy = containers
      .filter((c) => MEMBERS.includes(c.service))
      .map((c) => `${c.service} ${Math.round(((healthyAt.get(c.service) ?? 0) - Date.parse(c.startedAt)) / 100) / 10} s`);
    report(`container start → healthy (polled every 0.5 s): ${startToHealthy.join(', ')}`);
  }

  after(() => {
    try {
      if (failed && stack) process.stdout.write(`${stack.diagnostics()}\n`);
      stack?.compose(['down', '-v', '--remove-orphans', '--timeout', '5'], { allowFail: true });
    } finally {
      engine?.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });

  const step = (name: string, fn: () => Promise<void>) =>
    test(name, async () => {
      try {
        await fn();
      } catch (error) {
        failed = true;
        throw error;
      }
    });

  step('when the stack is up, then every container of the project is healthy and every member published on 127.0.0.1', async () => {
    const services = stack
      .containers()
      .map((c) => c.service)
      .sort();
    assert.deepEqual(services, [
      'catalog',
      'grafana',
      'hr',
      'influxdb',
      'inventory',
      'maildev',
      'observer',
      'orders',
      'postgres',
      'redis',
      'theme',
      'watchdog',
    ]);
    const published = engine.docker(['ps', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.Ports}}']);
    assert.doesNotMatch(published, /0\.0\.0\.0|:::/);
    for (const port of [8001, 8002, 8003, 8004, 8005, 8010, 8011]) await getJson(url(port, '/health/live')); // throws unless 2xx
  });

  step(
    'when the seven member images are built, then they share every filesystem layer and differ only in MEMBER and the working directory',
    async () => {
      const images = MEMBERS.map(
        (m) =>
          JSON.parse(engine.docker(['image', 'inspect', `erp/${m}:0.1.0`]))[0] as {
            Size: number;
            RootFS: { Layers: string[] };
            Config: { WorkingDir: string; User: string };
          },
      );
      const layers = images.map((i) => i.RootFS.Layers.join(','));
      assert.equal(new Set(layers).size, 1);
      assert.deepEqual(
        images.map((i) => i.Config.WorkingDir),
        MEMBERS.map((m) => `/app/${['observer', 'watchdog'].includes(m) ? m : `services/${m}`}`),
      );
      assert.ok(images.every((i) => i.Config.User === '10001:10001'));
      const history = engine
        .docker(['history', '--format', '{{.Size}} {{.CreatedBy}}', 'erp/catalog:0.1.0'])
        .split('\n')
        .filter((l) => !l.startsWith('0B'));
      report(
        `each member image ${Math.round(images[0]!.Size / 1e6)} MB, ${images[0]!.RootFS.Layers.length} layers, all shared; layers with content:\n${history.map((l) => `    ${l.slice(0, 110)}`).join('\n')}`,
      );
    },
  );

  step('when a demo user logs in at hr and places an order, then inventory shows the stock reserved', async () => {
    const { accessToken } = await getJson<{ accessToken: string }>(url(8004, '/api/v1/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@erp.example', password: env.HR_DEMO_PASSWORD }),
    });
    const before = await getJson<{ reserved: number }>(url(8003, '/api/v1/stock/LT-WORK-15'));
    const order = await getJson<{ status: string }>(url(8002, '/api/v1/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ customerId: 'compose-test', lines: [{ sku: 'LT-WORK-15', quantity: 2 }] }),
    });
    assert.equal(order.status, 'confirmed');
    const afterOrder = await getJson<{ reserved: number }>(url(8003, '/api/v1/stock/LT-WORK-15'));
    assert.equal(afterOrder.reserved, before.reserved + 2);
  });

  step('when the observer has polled, then every service is UP there and its samples are in InfluxDB', async () => {
    await waitFor('every service UP at the observer', 60_000, async () => {
      const services = await getJson<Array<{ name: string; state: string }>>(url(8010, '/api/v1/services'));
      return SERVICES.every((name) => services.find((s) => s.name === name)?.state === 'UP') ? true : undefined;
    });
    const influx = stack.container('influxdb').id;
    const counts = await waitFor('probe samples of every service in InfluxDB', 30_000, () => {
      const answer = JSON.parse(
        engine.docker([
          'exec',
          influx,
          'curl',
          '-sG',
          'http://127.0.0.1:8086/query',
          '--data-urlencode',
          'db=erp_metrics',
          '--data-urlencode',
          'q=SELECT count(up) FROM probe GROUP BY service',
        ]),
      ) as { results: Array<{ series?: Array<{ tags: { service: string }; values: Array<[string, number]> }> }> };
      const byService = new Map((answer.results[0]?.series ?? []).map((s) => [s.tags.service, s.values[0]?.[1] ?? 0]));
      return SERVICES.every((name) => (byService.get(name) ?? 0) > 0) ? byService : undefined;
    });
    report(`probe samples in InfluxDB: ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  });

  step(
    "when catalog's process is stopped, then the observer mails the alert, the watchdog restarts that container alone, and the recovery is mailed",
    async () => {
      const startedBefore = new Map(stack.containers().map((c) => [c.service, c.startedAt]));
      const catalog = stack.container('catalog');
      const mails = async () => getJson<Mail[]>(url(1080, '/email'));
      const mailsBefore = (await mails()).length;

      const t0 = Date.now();
      engine.docker(['kill', '--signal', 'SIGSTOP', catalog.id]);
      report('catalog stopped (SIGSTOP)');

      const alert = await waitFor('the alert mail at the mail catcher', 120_000, async () =>
        (await mails()).slice(mailsBefore).find((m) => /DOWN/.test(m.subject) && /catalog/.test(m.subject)),
      );
      report(`alert mail "${alert.subject}" after ${secondsSince(t0)} s`);
      const restart = await waitFor(
        'the watchdog restarting catalog',
        120_000,
        async () => (await getJson<WatchdogEvent[]>(url(8011, '/api/v1/events?target=catalog&kind=restart')))[0],
      );
      report(`watchdog: ${restart.message} (${secondsSince(t0)} s)`);
      await waitFor(
        'catalog healthy again in a new container start',
        180_000,
        () => {
          const now = stack.container('catalog');
          return now.health === 'healthy' && now.startedAt !== startedBefore.get('catalog') ? now : undefined;
        },
        500,
      );
      report(`fault → catalog healthy again in ${secondsSince(t0)} s`);

      await waitFor('the incident closed at the observer', 120_000, async () => {
        const incidents = await getJson<Incident[]>(url(8010, '/api/v1/incidents?limit=20'));
        return incidents.find((i) => i.cause === 'catalog' && i.endedAt !== null);
      });
      const recovery = await waitFor('the recovery mail', 120_000, async () =>
        (await mails()).slice(mailsBefore).find((m) => /RECOVERED/.test(m.subject) && /catalog/.test(m.subject)),
      );
      report(`recovery mail "${recovery.subject}" after ${secondsSince(t0)} s`);

      const restarted = stack
        .containers()
        .filter((c) => c.startedAt !== startedBefore.get(c.service))
        .map((c) => c.service);
      assert.deepEqual(restarted, ['catalog']);
      const restarts = await getJson<WatchdogEvent[]>(url(8011, '/api/v1/events?kind=restart'));
      assert.deepEqual([...new Set(restarts.map((e) => e.target))], ['catalog']);
    },
  );
});
