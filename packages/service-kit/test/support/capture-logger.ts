import { createLogger, type Logger } from '../../src';

/** A logger whose lines are kept in memory, parsed. */
export interface CapturedLogger {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
}

export function captureLogger(name = 'test', level: 'info' | 'debug' = 'info'): CapturedLogger {
  const raw: string[] = [];
  const logger = createLogger({ name, level, destination: { write: (line: string) => void raw.push(line) } });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
