import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../src/fleet-manifest';

/** The parts of a compose service the tests read. */
export interface ComposeService {
  image?: string;
  build?: { args?: { MEMBER?: string } };
  ports?: string[];
  environment?: Record<string, string> | string[];
  labels?: Record<string, string>;
  volumes?: string[];
  networks?: unknown;
}

/** The repository's docker-compose.yml, with its `<<` merge keys applied. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: unknown;
}

/** Reads the repository's docker-compose.yml. */
export function loadCompose(): ComposeFile {
  return parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** A service's environment as name → value, whether the file writes it as a mapping or as a list of NAME=value. */
export function composeEnvironment(service: ComposeService | undefined): Record<string, string> {
  const env = service?.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
  // a bare NAME in the list passes the variable through from the environment
  return Object.fromEntries(
    env.map((entry) =>
      entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, `\${${entry}}`],
    ),
  );
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)[^}]*)?\}/g;

/** Names the file demands from the environment or .env (`${NAME:?…}` or `${NAME?…}`): compose refuses to start without them. */
export function demandedVariables(file: string = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')): Set<string> {
  return new Set([...file.matchAll(REFERENCE)].filter((m) => m[4]).map((m) => m[1] as string));
}

/**
 * What a compose value becomes when nothing but the file's own defaults is known: `${X:-d}` → d. Returns
 * `{ value }` when every reference has a default, `{ fromEnvironment: [...] }` naming the references that come from
 * the environment or .env otherwise.
 */
export function resolveDefaults(value: string): { value: string } | { fromEnvironment: string[] } {
  const fromEnvironment: string[] = [];
  const resolved = value.replace(REFERENCE, (_match, name: string, defaultOp?: string, fallback?: string) => {
    if (defaultOp) return fallback ?? '';
    fromEnvironment.push(name);
    return '';
  });
  return fromEnvironment.length ? { fromEnvironment } : { value: resolved.replaceAll('$$', '$') };
}
