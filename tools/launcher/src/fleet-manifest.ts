import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The `erp` block of a fleet member's package.json: what the launcher needs to run it. */
const erpBlockSchema = z.object({
  kind: z.enum(['service', 'observer', 'watchdog']),
  port: z.number().int().min(1).max(65_535),
  database: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .optional(),
  dependsOn: z.array(z.string()).default([]),
});

/** One process of the fleet, as declared by its package.json. */
export interface FleetMember {
  name: string;
  kind: 'service' | 'observer' | 'watchdog';
  dir: string;
  entry: string;
  defaultPort: number;
  database?: string;
  dependsOn: string[];
}

/** A fleet member the launcher runs: the port it was given (`movedFrom` its default when that was taken). */
export interface RunningMember extends FleetMember {
  port: number;
  url: string;
  movedFrom?: number;
}

/** The repository root (the folder holding pnpm-workspace.yaml). */
export const repoRoot = path.resolve(__dirname, '../../..');

/** Finds every fleet member: services/*, observer and watchdog whose package.json has an `erp` block and a src/main.ts. */
export function discoverFleet(root = repoRoot): FleetMember[] {
  const servicesDir = path.join(root, 'services');
  const dirs = [
    ...(existsSync(servicesDir)
      ? readdirSync(servicesDir)
          .sort()
          .map((d) => path.join(servicesDir, d))
      : []),
    path.join(root, 'observer'),
    path.join(root, 'watchdog'),
  ];
  const members: FleetMember[] = [];
  for (const dir of dirs) {
    const pkgFile = path.join(dir, 'package.json');
    const entry = path.join(dir, 'src', 'main.ts');
    if (!existsSync(pkgFile) || !existsSync(entry)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: string; erp?: unknown };
    if (pkg.erp === undefined) continue;
    const parsed = erpBlockSchema.safeParse(pkg.erp);
    if (!parsed.success)
      throw new Error(`${pkgFile}: invalid "erp" block: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    members.push({
      name: path.basename(dir),
      kind: parsed.data.kind,
      dir,
      entry,
      defaultPort: parsed.data.port,
      database: parsed.data.database,
      dependsOn: parsed.data.dependsOn,
    });
  }
  return members;
}

/** Start order of the kinds: services first, then the observer, then the watchdog. */
export const kindRank = { service: 0, observer: 1, watchdog: 2 } as const;

/** Orders members so that each comes after what it depends on (unknown dependencies are ignored; cycles are an error). */
export function startOrder(members: FleetMember[]): FleetMember[] {
  const byName = new Map(members.map((m) => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: FleetMember[] = [];
  const visit = (m: FleetMember): void => {
    if (done.has(m.name)) return;
    if (visiting.has(m.name)) throw new Error(`dependency cycle through ${m.name}`);
    visiting.add(m.name);
    for (const dep of m.dependsOn) {
      const d = byName.get(dep);
      if (d) visit(d);
    }
    visiting.delete(m.name);
    done.add(m.name);
    ordered.push(m);
  };
  [...members].sort((a, b) => kindRank[a.kind] - kindRank[b.kind]).forEach(visit);
  return ordered;
}
