import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { observerConfigSchema } from '@erp/observer';
import { discoverFleet, repoRoot } from '../src/fleet-manifest';
import { composeEnvironment, loadCompose, resolveDefaults } from './compose-support';

/** The deployment files (docker-compose.yml, the observer configs) stay in step with the services in the repository (k8s/: kubernetes-manifests.test.ts). */
const fleet = discoverFleet();
const services = fleet.filter((m) => m.kind === 'service');
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const version = (JSON.parse(read('package.json')) as { version: string }).version;
  const published = (ports: string[] | undefined): string[] =>
    (ports ?? []).map((p) => {
      const resolved = resolveDefaults(p);
      return 'value' in resolved ? resolved.value : p;
    });

  test.each(fleet.map((m) => [m.name, m] as const))(
    'when %s is in the repository, then compose builds its image (erp/<name>:<version>) from its folder, publishes its port on 127.0.0.1 and passes PORT',
    (name, member) => {
      const svc = compose.services[name];
      const env = composeEnvironment(svc);
      expect(svc?.build?.args?.MEMBER).toBe(path.relative(repoRoot, member.dir));
      expect(svc?.image).toBe(`erp/${name}:${version}`);
      expect(published(svc?.ports)).toEqual([`127.0.0.1:${member.defaultPort}:${member.defaultPort}`]);
      expect(env.PORT).toBe(String(member.defaultPort));
      if (member.database) expect(env.DATABASE_URL).toMatch(new RegExp(`@postgres:5432/${member.database}$`));
    },
  );

  test('when the stack runs, then no container publishes a port beyond 127.0.0.1 unless the user opts in', () => {
    const ports = Object.values(compose.services).flatMap((s) => published(s.ports));
    expect(ports.length).toBeGreaterThan(fleet.length);
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  test('when a service is deployed, then it opts in to the watchdog by label and names itself', () => {
    for (const m of services)
      expect(compose.services[m.name]?.labels).toMatchObject({ 'erp.watchdog.enable': 'true', 'erp.service': m.name });
  });

  test('when the stack runs, then only the watchdog mounts the Docker socket, and no custom networks are declared', () => {
    const withSocket = Object.entries(compose.services)
      .filter(([, s]) => (s.volumes ?? []).some((v) => v.includes('docker.sock')))
      .map(([n]) => n);
    expect(withSocket).toEqual(['watchdog']);
    expect(compose.networks).toBeUndefined();
  });

  test('when compose creates the databases, then every service database is in the init script', () => {
    const sql = read('scripts/compose/postgres-init.sql');
    for (const m of fleet.filter((f) => f.database)) expect(sql).toContain(`CREATE DATABASE ${m.database};`);
  });
});

describe('observer configs for compose and Kubernetes', () => {
  test.each(['observer/observer_config.compose.json', 'k8s/observer_config.json'])(
    'when %s is loaded, then it is valid and watches every service at its in-network address',
    (file) => {
      const config = observerConfigSchema.parse(JSON.parse(read(file)));
      expect(config.targets.map((t) => t.name).sort()).toEqual(services.map((m) => m.name).sort());
      for (const m of services) {
        const target = config.targets.find((t) => t.name === m.name);
        expect(target?.url).toBe(`http://${m.name}:${m.defaultPort}/health`);
        expect([...(target?.dependsOn ?? [])].sort()).toEqual([...m.dependsOn].sort());
      }
      // the public status page shows every service in exactly one group, under a public name
      const listed = (config.statusPage?.groups ?? []).flatMap((g) => g.targets);
      expect([...listed].sort()).toEqual(services.map((m) => m.name).sort());
    },
  );
});

describe('.github/workflows', () => {
  interface Job {
    needs?: string | string[];
    steps: Array<{ run?: string; env?: Record<string, string> }>;
  }
  const workflows = readdirSync(path.join(repoRoot, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));

  test.each(workflows)('when GitHub reads %s, then it is valid YAML with jobs', (file) => {
    const doc = parseDocument(read(`.github/workflows/${file}`), { uniqueKeys: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    expect(Object.keys((doc.toJS() as { jobs: Record<string, Job> }).jobs).length).toBeGreaterThan(0);
  });

  test('when CI runs, then after the tests a job runs pnpm test:compose with the real images pulled', () => {
    const jobs = (parseDocument(read('.github/workflows/ci.yml')).toJS() as { jobs: Record<string, Job> }).jobs;
    const compose = Object.values(jobs).find((j) => j.steps.some((s) => s.run?.includes('pnpm test:compose')));
    expect(compose?.needs).toBe('test');
    expect(compose?.steps.find((s) => s.run?.includes('pnpm test:compose'))?.env).toMatchObject({ ERP_COMPOSE_IMAGES: 'pull' });
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['test:compose']).toBeDefined();
  });
});
