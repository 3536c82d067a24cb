import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { observerConfigSchema } from '@erp/observer/src/config/observer-config.schema';
import { discoverFleet, repoRoot } from '../src/fleet-manifest';

/** The deployment files (docker-compose.yml, k8s/, the observer configs) stay in step with the services in the repository. */
const fleet = discoverFleet();
const services = fleet.filter((m) => m.kind === 'service');
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

interface ComposeService {
  build?: { args?: { MEMBER?: string } };
  ports?: string[];
  environment?: Record<string, string>;
  labels?: Record<string, string>;
  volumes?: string[];
  networks?: unknown;
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService>; networks?: unknown };

  test.each(fleet.map((m) => [m.name, m] as const))('when %s is in the repository, then compose builds it, publishes its port and passes PORT', (name, member) => {
    const svc = compose.services[name];
    expect(svc?.build?.args?.MEMBER).toBe(path.relative(repoRoot, member.dir));
    expect(svc?.ports).toContain(`${member.defaultPort}:${member.defaultPort}`);
    expect(svc?.environment?.PORT).toBe(String(member.defaultPort));
    if (member.database) expect(svc?.environment?.DATABASE_URL).toMatch(new RegExp(`@postgres:5432/${member.database}$`));
  });

  test('when a service is deployed, then it opts in to the watchdog by label and names itself', () => {
    for (const m of services) expect(compose.services[m.name]?.labels).toMatchObject({ 'erp.watchdog.enable': 'true', 'erp.service': m.name });
  });

  test('when the stack runs, then only the watchdog mounts the Docker socket, and no custom networks are declared', () => {
    const withSocket = Object.entries(compose.services).filter(([, s]) => (s.volumes ?? []).some((v) => v.includes('docker.sock'))).map(([n]) => n);
    expect(withSocket).toEqual(['watchdog']);
    expect(compose.networks).toBeUndefined();
  });

  test('when compose creates the databases, then every service database is in the init script', () => {
    const sql = read('scripts/compose/postgres-init.sql');
    for (const m of fleet.filter((f) => f.database)) expect(sql).toContain(`CREATE DATABASE ${m.database};`);
  });
});

describe('k8s/', () => {
  const kustomization = parse(read('k8s/kustomization.yaml')) as { resources: string[] };

  test.each(services.map((m) => [m.name, m] as const))('when %s is in the repository, then k8s/%s.yaml deploys it with probes on the health endpoints', (name, member) => {
    expect(kustomization.resources).toContain(`${name}.yaml`);
    const docs = parseAllDocuments(read(`k8s/${name}.yaml`)).map((d) => d.toJS() as { kind: string; spec: Record<string, unknown> });
    const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { containers: Array<{ ports: Array<{ containerPort: number }>; livenessProbe: { httpGet: { path: string } }; readinessProbe: { httpGet: { path: string } }; securityContext: { readOnlyRootFilesystem: boolean } }> } } };
    };
    const container = deployment.spec.template.spec.containers[0];
    expect(container?.ports[0]?.containerPort).toBe(member.defaultPort);
    expect(container?.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container?.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container?.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(docs.some((d) => d.kind === 'Service')).toBe(true);
  });

  test('when deployed to Kubernetes, then there is no watchdog (the kubelet does its job)', () => {
    expect(kustomization.resources).not.toContain('watchdog.yaml');
  });
});

describe('observer configs for compose and Kubernetes', () => {
  test.each(['observer/observer_config.compose.json', 'k8s/observer_config.json'])('when %s is loaded, then it is valid and watches every service at its in-network address', (file) => {
    const config = observerConfigSchema.parse(JSON.parse(read(file)));
    expect(config.targets.map((t) => t.name).sort()).toEqual(services.map((m) => m.name).sort());
    for (const m of services) {
      const target = config.targets.find((t) => t.name === m.name);
      expect(target?.url).toBe(`http://${m.name}:${m.defaultPort}/health`);
      expect([...(target?.dependsOn ?? [])].sort()).toEqual([...m.dependsOn].sort());
    }
  });
});
