import { runObserverBench } from './observer-bench';

/** Runs the observer benchmark alone: node --import tsx observer/test/bench/run-observer-bench.ts [targets] [windowSeconds]. */
async function main(): Promise<void> {
  const [targets, windowSeconds] = process.argv.slice(2).map(Number);
  const result = await runObserverBench({ targets: targets || undefined, windowSeconds: windowSeconds || undefined, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.passed ? 0 : 1;
}

void main();
