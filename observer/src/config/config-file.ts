import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { observerConfigSchema, type ObserverConfig } from './observer-config.schema';

/** The config file could not be used; `problems` name each bad field ("targets.2.intervalSeconds: …"). */
export class ObserverConfigError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`invalid observer config ${path}: ${problems.join('; ')}`);
    this.name = 'ObserverConfigError';
  }
}

/** Parses and validates config text; throws ObserverConfigError naming every bad field. */
export function parseObserverConfig(text: string, path = '<inline>'): ObserverConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ObserverConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  const result = observerConfigSchema.safeParse(json);
  if (!result.success) throw new ObserverConfigError(path, formatIssues(result.error.issues));
  return result.data;
}

/** Reads and validates `observer_config.json`. */
export async function loadObserverConfig(path: string): Promise<ObserverConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ObserverConfigError(path, [`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseObserverConfig(text, path);
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}
