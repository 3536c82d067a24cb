import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { EnvVar } from 'kubernetes-types/core/v1';
import { z } from 'zod';
import { discoverFleet, repoRoot, type FleetMember } from '../src/fleet-manifest';
import { composeEnvironment, demandedVariables, loadCompose, resolveDefaults } from './compose-support';
import { renderKustomization, type KubernetesObject } from './kubernetes-support';

/**
 * Every variable a member's config schema requires (and every one whose default points at loopback, useless in a
 * container) is set for that member in docker-compose.yml and in k8s/, and every value the files set themselves passes
 * the member's schema. The lists come from the schemas: each member's package exports `<name>ConfigShape`.
 */
type Shape = Record<string, z.ZodType>;

/** How a deployment file sets one variable: surely set or not, and the value when the file itself holds it. */
interface Setting {
  set: boolean;
  literal?: string;
}

/** The variables a shape cannot do without (parsing them as unset fails), plus DATABASE_URL for a member with a database (the kit demands it at start). */
function requiredVariables(shape: Shape, hasDatabase: boolean): string[] {
  const required = Object.keys(shape).filter((name) => !shape[name]!.safeParse(undefined).success);
  return (hasDatabase && !required.includes('DATABASE_URL') ? [...required, 'DATABASE_URL'] : required).sort();
}

/** The variables whose default names a loopback address: in a container that is the container itself. */
function loopbackDefaults(shape: Shape): string[] {
  return Object.keys(shape).filter((name) => {
    const parsed = shape[name]!.safeParse(undefined);
    return parsed.success && typeof parsed.data === 'string' && /127\.0\.0\.1|localhost|\[::1\]/.test(parsed.data);
  });
}

/** A compose value: set when it is non-empty with the file's defaults, or every `${X}` in it is one compose demands. */
function composeSetting(value: string | undefined, demanded: Set<string>): Setting {
  if (value === undefined) return { set: false };
  const resolved = resolveDefaults(value);
  if ('value' in resolved) return { set: resolved.value !== '', literal: resolved.value };
  return { set: resolved.fromEnvironment.every((name) => demanded.has(name)) };
}

/** A container's variables in a rendered kustomization: envFrom ConfigMaps first, then env (which wins). */
function kubernetesSettings(objects: KubernetesObject[], name: string): Record<string, Setting> {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as Deployment | undefined;
  const container = deployment?.spec?.template.spec?.containers[0];
  if (!container) throw new Error(`no Deployment ${name} in k8s/`);
  const settings: Record<string, Setting> = {};
  for (const source of container.envFrom ?? []) {
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef?.name) as
      { data?: Record<string, string> } | undefined;
    for (const [key, value] of Object.entries(configMap?.data ?? {})) settings[key] = { set: value !== '', literal: value };
  }
  const fromRef = (env: EnvVar): Setting => ({
    set: !(env.valueFrom?.secretKeyRef?.optional ?? env.valueFrom?.configMapKeyRef?.optional ?? false),
  });
  for (const env of container.env ?? [])
    settings[env.name] = env.valueFrom ? fromRef(env) : { set: (env.value ?? '') !== '', literal: env.value ?? '' };
  return settings;
}

/** A member's config shape, from its package's main module. */
function configShape(member: FleetMember): Shape {
  const main = (JSON.parse(readFileSync(path.join(member.dir, 'package.json'), 'utf8')) as { main: string }).main;
  const exportName = `${member.name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}ConfigShape`;
  const shape = jest.requireActual<Record<string, unknown>>(path.join(member.dir, main))[exportName];
  if (!shape) throw new Error(`${path.relative(repoRoot, member.dir)}/${main} does not export ${exportName}`);
  return shape as Shape;
}

/** The variables a member needs that the settings leave unset, and the values the settings hold that its schema rejects. */
function problems(shape: Shape, hasDatabase: boolean, settings: Record<string, Setting>): { unset: string[]; rejected: string[] } {
  const unset = [...new Set([...requiredVariables(shape, hasDatabase), ...loopbackDefaults(shape)])]
    .filter((name) => !settings[name]?.set)
    .sort();
  const rejected = Object.entries(settings)
    .filter(([name, s]) => name in shape && s.literal !== undefined && s.literal !== '' && !shape[name]!.safeParse(s.literal).success)
    .map(([name, s]) => `${name}=${s.literal}: ${shape[name]!.safeParse(s.literal).error?.issues[0]?.message}`);
  return { unset, rejected };
}

const fleet = discoverFleet();
const inKubernetes = fleet.filter((m) => m.kind !== 'watchdog');

describe('how the test reads schemas and files', () => {
  test('when a shape has required, optional, defaulted and loopback-defaulted variables, then only the required and the loopback ones are needed', () => {
    const shape: Shape = {
      A: z.string(),
      B: z.string().optional(),
      C: z.string().default('x'),
      D: z.string().default('http://127.0.0.1:8010'),
    };
    expect(requiredVariables(shape, false)).toEqual(['A']);
    expect(requiredVariables(shape, true)).toEqual(['A', 'DATABASE_URL']);
    expect(problems(shape, false, { A: { set: true, literal: 'a' } }).unset).toEqual(['D']);
    expect(problems({ P: z.string().regex(/^\d+$/) }, false, { P: { set: true, literal: 'abc' } }).rejected).toEqual([
      expect.stringMatching(/^P=abc: /),
    ]);
  });

  test('when compose writes ${X:-d}, ${X:-}, ${X:?} or ${X}, then only a non-empty value or a demanded variable counts as set', () => {
    const demanded = new Set(['S']);
    expect(composeSetting('${X:-d}', demanded)).toEqual({ set: true, literal: 'd' });
    expect(composeSetting('${X:-}', demanded)).toEqual({ set: false, literal: '' });
    expect(composeSetting('a:${S}', demanded)).toEqual({ set: true });
    expect(composeSetting('a:${X}', demanded)).toEqual({ set: false });
    expect(composeSetting(undefined, demanded)).toEqual({ set: false });
    expect([...demandedVariables('A: ${S:?set S}\nB: ${T?}\nC: ${U:-u}')].sort()).toEqual(['S', 'T']);
  });
});

describe('every variable a member requires is set where it runs', () => {
  const compose = loadCompose();
  const demanded = demandedVariables();
  let objects: KubernetesObject[];
  beforeAll(() => {
    objects = renderKustomization(path.join(repoRoot, 'k8s'));
  });

  test.each(fleet.map((m) => [m.name, m] as const))(
    'when %s runs under docker compose, then every variable it requires is set and every value the file holds is valid',
    (name, member) => {
      const env = composeEnvironment(compose.services[name]);
      const settings = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, composeSetting(v, demanded)]));
      expect(problems(configShape(member), member.database !== undefined, settings)).toEqual({ unset: [], rejected: [] });
    },
  );

  test.each(inKubernetes.map((m) => [m.name, m] as const))(
    'when %s runs in Kubernetes, then every variable it requires is set and every value the manifests hold is valid',
    (_name, member) => {
      expect(problems(configShape(member), member.database !== undefined, kubernetesSettings(objects, member.name))).toEqual({
        unset: [],
        rejected: [],
      });
    },
  );
});
