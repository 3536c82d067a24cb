/**
 * Runs a k6 script in Node the way `k6 run` would, minus the load: init context (with `open` and `__ENV`), `setup()`,
 * then the default function for each VU × iteration. Prints JSON: { options, requests, checks }.
 * Usage: node --import ./register.mjs run-script.mjs <script.js> <vus> <iterations>   (env: the script's __ENV)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { recorded } from './modules/state.mjs';

const [scriptArg, vusArg = '1', iterationsArg = '1'] = process.argv.slice(2);
const script = path.resolve(scriptArg);
// k6 resolves open() in the init context against the main script's folder.
globalThis.open = (file) => readFileSync(path.resolve(path.dirname(script), file), 'utf8');
globalThis.__ENV = { ...process.env };
globalThis.__VU = 0;
globalThis.__ITER = 0;

const mod = await import(pathToFileURL(script).href);
const data = mod.setup ? mod.setup() : undefined;
for (let vu = 1; vu <= Number(vusArg); vu += 1) {
  for (let iteration = 0; iteration < Number(iterationsArg); iteration += 1) {
    globalThis.__VU = vu;
    globalThis.__ITER = iteration;
    mod.default(data);
  }
}
process.stdout.write(JSON.stringify({ options: mod.options, requests: recorded.requests, checks: recorded.checks }));
