import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../src/fleet-manifest';

/** One object of a rendered kustomization. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The Kubernetes release whose API the schemas describe (kubernetes-types' major.minor): the manifests' minimum version. */
export const schemaRelease = (
  JSON.parse(readFileSync(require.resolve('kubernetes-types/package.json'), 'utf8')) as { version: string }
).version
  .split('.')
  .slice(0, 2)
  .join('.');

/** Renders a kustomization as `kubectl apply -k` would, with kubectl's built-in kustomize. */
export function renderKustomization(dir: string): KubernetesObject[] {
  let text: string;
  try {
    text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error('kubectl is not installed: run pnpm test:prereqs (Debian package kubernetes-client)');
    throw new Error(`kubectl kustomize ${dir} failed: ${failure.stderr || failure.message}`);
  }
  return parseAllDocuments(text).map((doc) => doc.toJS() as KubernetesObject);
}

/**
 * A validator of objects against the Kubernetes API of {@link schemaRelease}: the types of test/fixtures/kubernetes-objects.ts
 * (kubernetes-types, generated from that release's OpenAPI document) as JSON Schema, checked by ajv. Strict like
 * `kubectl apply --validate=strict`: an unknown field is an error. Returns the problems, each naming the object and field.
 */
export function kubernetesValidator(): (object: KubernetesObject) => string[] {
  const schema = createGenerator({
    path: path.join(__dirname, 'fixtures', 'kubernetes-objects.ts'),
    tsconfig: path.join(repoRoot, 'tsconfig.base.json'),
    type: 'KubernetesObjects',
    skipTypeCheck: true,
    additionalProperties: false,
    jsDoc: 'none',
  }).createSchema('KubernetesObjects');
  const kinds = (schema.definitions?.KubernetesObjects as { properties: Record<string, { $ref: string }> }).properties;
  // inlineRefs: false compiles each definition once (the pod spec is everywhere): half the heap, faster
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, inlineRefs: false });
  ajv.addSchema(schema, 'k8s');
  return (object) => {
    const key = `${object.apiVersion}/${object.kind}`;
    const ref = kinds[key]?.$ref;
    if (!ref) return [`${key} ${object.metadata?.name}: not a kind of test/fixtures/kubernetes-objects.ts (Kubernetes ${schemaRelease})`];
    const validate = ajv.getSchema(`k8s${ref}`);
    if (!validate) throw new Error(`no schema at ${ref}`);
    if (validate(object)) return [];
    return (validate.errors ?? []).map((e) => {
      const field = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${key} ${object.metadata?.name}: ${e.instancePath || '/'} ${e.message}${field ? ` (${field})` : ''}`;
    });
  };
}
