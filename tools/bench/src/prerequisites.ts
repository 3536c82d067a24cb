import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Something a scenario needs from the machine, and how to get it when it is missing. */
export interface Prerequisite {
  /** What it is, e.g. `/bin/busybox`. */
  what: string;
  /** How to get it, e.g. `apt-get install busybox-static`. */
  howToGet: string;
  present(): boolean;
}

/** An executable file at `file`. */
export function executableFile(file: string, howToGet: string): Prerequisite {
  return { what: file, howToGet, present: () => isExecutable(file) };
}

/** A command found on PATH. */
export function commandOnPath(command: string, howToGet: string): Prerequisite {
  return {
    what: `${command} (on PATH)`,
    howToGet,
    present: () => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, command))),
  };
}

/** The prerequisites that are missing, each as "what (how to get it)". */
export function missingPrerequisites(requires: readonly Prerequisite[] = []): string[] {
  return requires.filter((p) => !p.present()).map((p) => `${p.what} (${p.howToGet})`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
