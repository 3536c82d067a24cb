#!/usr/bin/env node
// Every package a workspace package's src/ imports at run time must be declared in its package.json "dependencies":
// a container image installs production dependencies only, so a package reached through devDependencies (or
// hoisted from elsewhere) works in the workspace and crashes in the image. Type-only imports are erased and exempt.
// Run by `pnpm lint`; exits 1 naming each file and package.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'tools', 'services']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name)))
  .concat(['observer', 'watchdog']);
const builtins = new Set(builtinModules);
// import x from 'y' / import { a } from 'y' / export … from 'y' / import 'y' / import('y') / require('y'); not `import type` / `export type`
const importPattern =
  /(?:^|[;\s])(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every .ts/.js file under `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** 'node:fs' → null; '@erp/auth/x' → '@erp/auth'; 'pg/lib' → 'pg'; relative → null. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return builtins.has(name) ? null : name;
}

const problems = [];
for (const workspace of workspaces) {
  const src = join(root, workspace, 'src');
  if (!existsSync(join(root, workspace, 'package.json')) || !existsSync(src)) continue;
  const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8'));
  const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const match of text.matchAll(importPattern)) {
      const name = packageOf(match[1] ?? match[2]);
      if (name && !declared.has(name))
        problems.push(`${relative(root, file)}: imports ${name}, which ${workspace}/package.json does not list in "dependencies"`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(
    `check-dependencies: ${problems.length} run-time import(s) of undeclared packages:\n  ${[...new Set(problems)].join('\n  ')}\n`,
  );
  process.exit(1);
}
process.stdout.write('check-dependencies: every run-time import of src/ is a declared dependency\n');
