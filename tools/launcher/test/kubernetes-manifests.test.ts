import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Service } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { parse } from 'yaml';
import { discoverFleet, repoRoot } from '../src/fleet-manifest';
import { kubernetesValidator, renderKustomization, schemaRelease, type KubernetesObject } from './kubernetes-support';

/** k8s/ as `kubectl apply -k k8s/` sends it: valid for the minimum Kubernetes release, and deploying the Dockerfile's images. */
const fleet = discoverFleet();
const services = fleet.filter((m) => m.kind === 'service');
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

let objects: KubernetesObject[];
let validate: (object: KubernetesObject) => string[];
beforeAll(() => {
  objects = renderKustomization(path.join(repoRoot, 'k8s'));
  validate = kubernetesValidator();
});

const find = <T>(kind: string, name: string): T => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered kustomization`);
  return found as unknown as T;
};
const deployments = (): Deployment[] => objects.filter((o) => o.kind === 'Deployment') as unknown as Deployment[];

describe(`k8s/ against the Kubernetes ${schemaRelease} API`, () => {
  test('when the kustomization is rendered, then every object is valid for the minimum release, in the erp namespace', () => {
    expect(objects.length).toBeGreaterThan(services.length * 4);
    expect(objects.flatMap((o) => validate(o))).toEqual([]);
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('erp');
  });

  test('when an object uses a field the minimum release lacks, or leaves out a required one, then the validation names it', () => {
    const deployment = structuredClone(find<Deployment>('Deployment', 'catalog'));
    // lifecycle.preStop.sleep arrived in Kubernetes 1.29
    deployment.spec!.template.spec!.containers[0]!.lifecycle = { preStop: { sleep: { seconds: 5 } } } as never;
    expect(validate(deployment as unknown as KubernetesObject)).toEqual([
      expect.stringMatching(/Deployment catalog: .*preStop must NOT have additional properties \(sleep\)/),
    ]);

    const hpa = structuredClone(find<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'catalog'));
    delete (hpa.spec as Partial<NonNullable<HorizontalPodAutoscaler['spec']>>).scaleTargetRef;
    expect(validate(hpa as unknown as KubernetesObject)).toEqual([
      expect.stringMatching(/HorizontalPodAutoscaler catalog: \/spec must have required property 'scaleTargetRef'/),
    ]);

    expect(validate({ apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'old' } })).toEqual([
      expect.stringContaining('not a kind'),
    ]);
  });

  test('when the README and the kustomization state the minimum Kubernetes version, then it is the release the schemas describe', () => {
    expect(read('k8s/README.md')).toContain(`Kubernetes ${schemaRelease} or later`);
    expect(read('k8s/kustomization.yaml')).toContain(`Kubernetes ${schemaRelease} or later`);
    expect(read('README.md')).toContain(`Kubernetes ${schemaRelease} or later`);
  });
});

describe('k8s/ deploys the fleet', () => {
  test.each(services.map((m) => [m.name, m] as const))(
    'when %s is in the repository, then it runs with probes on the health endpoints behind a Service',
    (name, member) => {
      const container = find<Deployment>('Deployment', name).spec!.template.spec!.containers[0]!;
      expect(container.ports?.[0]?.containerPort).toBe(member.defaultPort);
      expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
      // the observer's k8s target list reaches it as http://<name>:<port>/health
      expect(find<Service>('Service', name).spec?.ports?.map((p) => p.port)).toEqual([member.defaultPort]);
    },
  );

  test.each(services.map((m) => [m.name] as const))(
    'when %s is stateless, then an HPA (2 pods or more, on CPU) owns its replica count and a PDB covers its pods',
    (name) => {
      const deployment = find<Deployment>('Deployment', name);
      const hpa = find<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', name);
      const pdb = find<PodDisruptionBudget>('PodDisruptionBudget', name);
      expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? 0);
      expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
      // utilization is measured against the request, and a re-apply must not reset the HPA's count
      expect(deployment.spec?.template.spec?.containers[0]?.resources?.requests?.cpu).toBeDefined();
      expect(deployment.spec?.replicas).toBeUndefined();
      expect(deployment.spec?.template.metadata?.labels).toMatchObject(pdb.spec?.selector?.matchLabels ?? { missing: 'selector' });
      expect(pdb.spec?.maxUnavailable ?? pdb.spec?.minAvailable).toBeDefined();
    },
  );

  test('when pods start, then they run as the non-root user the Dockerfile creates (uid, gid and volume group)', () => {
    const user = /^USER\s+(\d+):(\d+)\s*$/m.exec(read('Dockerfile'));
    expect(user).not.toBeNull();
    const [uid, gid] = [Number(user?.[1]), Number(user?.[2])];
    expect(uid).toBeGreaterThan(0);
    expect(deployments().length).toBeGreaterThan(0);
    for (const d of deployments()) {
      expect({ name: d.metadata?.name, ...d.spec?.template.spec?.securityContext }).toMatchObject({
        name: d.metadata?.name,
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
      });
    }
  });

  test('when the images are deployed, then each is erp/<member> as the Dockerfile builds it, with an images: entry to retag or move it', () => {
    const kustomization = parse(read('k8s/kustomization.yaml')) as { images: Array<{ name: string; newTag: string }> };
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    for (const d of deployments()) {
      const name = d.metadata?.name ?? '';
      expect(fleet.map((m) => m.name)).toContain(name);
      expect(d.spec?.template.spec?.containers.map((c) => c.image)).toEqual([`erp/${name}:${version}`]);
      expect(kustomization.images).toContainEqual({ name: `erp/${name}`, newTag: version });
    }
  });

  test('when deployed to Kubernetes, then there is no watchdog (the kubelet does its job) and the observer watches every service', () => {
    expect(
      deployments()
        .map((d) => d.metadata?.name)
        .sort(),
    ).toEqual([...services.map((m) => m.name), 'observer'].sort());
    const observer = find<Deployment>('Deployment', 'observer').spec!.template.spec!;
    const configMap = find<KubernetesObject & { data: Record<string, string> }>(
      'ConfigMap',
      observer.volumes!.find((v) => v.configMap)!.configMap!.name!,
    );
    const mountPath = observer.containers[0]!.volumeMounts!.find((m) => m.name === 'config')!.mountPath;
    const file = observer.containers[0]!.env!.find((e) => e.name === 'OBSERVER_CONFIG')!.value!;
    expect(path.posix.dirname(file)).toBe(mountPath);
    expect(configMap.data[path.posix.basename(file)]).toBe(read('k8s/observer_config.json'));
  });
});
