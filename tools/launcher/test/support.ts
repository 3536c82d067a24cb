import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve(__dirname, '../src/cli.ts');

/** Runs `pnpm start`'s command as a real process and collects its output; `detached` puts it in a process group of its own, as a terminal does. */
export function launch(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { detached?: boolean } = {},
): { child: ChildProcessWithoutNullStreams; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    detached: options.detached,
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Resolves with the exit code once the process has exited. */
export const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

/** The URL and pid the launcher's table prints for a service. */
export function tableRow(output: string, name: string): { url: string; health: string; pid: number } | null {
  const m = new RegExp(`^${name}\\s+(http://127\\.0\\.0\\.1:\\d+)\\s+(\\S+)\\s+(\\d+)`, 'm').exec(output);
  return m ? { url: m[1] as string, health: m[2] as string, pid: Number(m[3]) } : null;
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
