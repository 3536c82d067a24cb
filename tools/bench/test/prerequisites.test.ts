import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import net, { type AddressInfo } from 'node:net';
import { commandOnPath, executableFile, missingPrerequisites, serverAt } from '../src/prerequisites';
import { loadScenario } from '../src/registry';
import { runScenarios } from '../src/runner';
import { defineScenario, type RunOptions } from '../src/scenario';

// Issue 12 §5: `pnpm bench` stopped at the watchdog scenario on a machine without /bin/busybox.
const options: RunOptions = { durationSeconds: 1, warmupSeconds: 0, connections: 1, rounds: 1 };

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write: (chunk: Buffer, _e, cb) => ((text += chunk.toString()), cb()) }), text: () => text };
}

/** A scenario that measures nothing and records that it ran. */
function scenario(name: string, requires: ReturnType<typeof executableFile>[], ran: string[]) {
  return defineScenario({
    name,
    description: `${name} (test)`,
    servers: {},
    requires,
    async run() {
      ran.push(name);
      return { measurements: [], goals: [{ name: 'nothing', expected: 'anything', actual: 'nothing', pass: true }] };
    },
  });
}

let outDir: string;
beforeEach(() => {
  outDir = mkdtempSync(path.join(tmpdir(), 'bench-prereq-'));
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

test('when a scenario needs what this machine lacks, then it is not started, the run says what and how to get it, and the next scenario runs', async () => {
  const ran: string[] = [];
  const out = collect();
  const code = await runScenarios(
    [
      scenario('needs-busybox', [executableFile('/nonexistent/erp-bench/busybox', 'apt-get install busybox-static')], ran),
      scenario('plain', [], ran),
    ],
    options,
    { log: () => undefined, out: out.stream, outDir },
  );
  expect(ran).toEqual(['plain']);
  expect(out.text()).toContain(
    'needs-busybox: NOT RUN — this machine lacks /nonexistent/erp-bench/busybox (apt-get install busybox-static)',
  );
  expect(out.text()).toContain('plain: plain (test)');
  expect(out.text()).toContain('PASS  nothing');
  // the run is incomplete, so it does not pass as a gate
  expect(code).toBe(1);
});

test('when every scenario can run and meets its goals, then the run exits 0', async () => {
  const ran: string[] = [];
  const code = await runScenarios([scenario('plain', [commandOnPath('sh', 'apt-get install dash')], ran)], options, {
    log: () => undefined,
    out: collect().stream,
    outDir,
  });
  expect(ran).toEqual(['plain']);
  expect(code).toBe(0);
});

test('when prerequisites are checked, then a missing file or command is named with how to get it and present ones are not', async () => {
  expect(await missingPrerequisites([executableFile(process.execPath, 'install Node'), commandOnPath('sh', 'install a shell')])).toEqual(
    [],
  );
  expect(await missingPrerequisites([executableFile('/nonexistent/x', 'get x'), commandOnPath('erp-no-such-command', 'get it')])).toEqual([
    '/nonexistent/x (get x)',
    'erp-no-such-command (on PATH) (get it)',
  ]);
});

test('when a server the scenario needs does not accept connections, then it is named with its address and how to get it; a listening one passes', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    expect(
      await missingPrerequisites([serverAt('PostgreSQL', () => `postgres://postgres:secret@127.0.0.1:${port}/postgres`, 5432, 'start it')]),
    ).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  // the port is closed now; the password in the URL is never printed
  expect(
    await missingPrerequisites([serverAt('PostgreSQL', () => `postgres://postgres:secret@127.0.0.1:${port}/postgres`, 5432, 'start it')]),
  ).toEqual([`PostgreSQL at 127.0.0.1:${port} (start it)`]);
});

test('when the scenarios are loaded, then each declares what it needs from the machine: databases, Redis, influxd, dockerd and busybox', () => {
  const needs = (name: string) => loadScenario(name).requires?.map((p) => p.what.replace(/ at .*/, '')) ?? [];
  expect(needs('catalog')).toEqual(['PostgreSQL']);
  expect(needs('orders')).toEqual(['PostgreSQL', 'Redis']);
  expect(needs('observer')).toEqual(['PostgreSQL', process.env.INFLUXD_BIN ?? '/usr/bin/influxd']);
});

test('when the watchdog scenario is loaded, then it declares the busybox binary and dockerd it builds its containers with', () => {
  expect(loadScenario('watchdog').requires?.map((p) => p.what)).toEqual(['/bin/busybox', 'dockerd (on PATH)']);
});
