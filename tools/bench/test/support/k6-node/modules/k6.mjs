/** Stand-in for k6's `k6` module: check (recorded per name), fail, sleep, group. */
import { recorded } from './state.mjs';

export function check(value, sets) {
  let all = true;
  for (const [name, predicate] of Object.entries(sets)) {
    let ok;
    try {
      ok = Boolean(predicate(value));
    } catch (error) {
      ok = false;
      recorded.checks[`${name} (threw: ${error.message})`] = { passes: 0, fails: 1 };
    }
    const entry = (recorded.checks[name] ??= { passes: 0, fails: 0 });
    if (ok) entry.passes += 1;
    else entry.fails += 1;
    all &&= ok;
  }
  return all;
}

export function fail(message) {
  throw new Error(`fail(): ${message}`);
}

export function sleep() {}

export function group(_name, fn) {
  return fn();
}
