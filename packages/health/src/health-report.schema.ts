import { z } from 'zod';
import { ACCEPTED_STATUS_SPELLINGS, normalizeHealthStatus, type HealthStatus } from './health-status';

/** One entry of a `checks` array (draft-inadarei-api-health-check §4); unknown fields are kept. */
export interface HealthCheck {
  componentId?: string;
  componentType?: string;
  observedValue?: unknown;
  observedUnit?: string;
  status?: HealthStatus;
  affectedEndpoints?: string[];
  time?: string;
  output?: string;
  links?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** A health document, with `status` normalised to pass / warn / fail; unknown fields are kept. */
export interface HealthReport {
  status: HealthStatus;
  version?: string;
  releaseId?: string;
  serviceId?: string;
  description?: string;
  notes?: string[];
  output?: string;
  links?: Record<string, unknown>;
  checks?: Record<string, HealthCheck[]>;
  [extra: string]: unknown;
}

const MAX_ERRORS = 20;

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  return typeof input === 'object' ? 'an object' : `${typeof input} ${String(input)}`;
}

function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `required (${what})` : `expected ${what}, got ${describe(issue.input)}`,
  };
}

const statusSchema = z.string(expected('a status string')).transform((raw, ctx): HealthStatus => {
  const status = normalizeHealthStatus(raw);
  if (status) return status;
  ctx.addIssue({ code: 'custom', message: `expected one of ${ACCEPTED_STATUS_SPELLINGS.join(', ')}, got ${describe(raw)}` });
  return z.NEVER;
});

const text = () => z.string(expected('a string'));
/** `version` / `releaseId` are strings in the draft; a bare number is read as its decimal text. */
const versionText = () => z.union([z.string(), z.number()], expected('a string')).transform(String);
const linksSchema = z.record(z.string(), z.unknown(), expected('an object'));

const checkSchema = z.looseObject(
  {
    componentId: text().optional(),
    componentType: text().optional(),
    observedValue: z.unknown().optional(),
    observedUnit: text().optional(),
    status: statusSchema.optional(),
    affectedEndpoints: z.array(text(), expected('an array of strings')).optional(),
    time: text().optional(),
    output: text().optional(),
    links: linksSchema.optional(),
  },
  expected('a check object'),
);

/** A check value is an array of check objects; a lone object is accepted and read as a one-element array. */
const checkListSchema = z.preprocess(
  (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value),
  z.array(checkSchema, expected('an array of check objects')),
);

/** The zod schema behind `parseHealthReport`: any document that follows draft-inadarei-api-health-check. */
export const healthReportSchema: z.ZodType<HealthReport, unknown> = z.looseObject(
  {
    status: statusSchema,
    version: versionText().optional(),
    releaseId: versionText().optional(),
    serviceId: text().optional(),
    description: text().optional(),
    notes: z.array(text(), expected('an array of strings')).optional(),
    output: text().optional(),
    links: linksSchema.optional(),
    checks: z.record(z.string().min(1, 'check names must not be empty'), checkListSchema, expected('an object')).optional(),
  },
  expected('a JSON object'),
);

/** Result of `parseHealthReport`. */
export type ParseHealthResult = { ok: true; report: HealthReport } | { ok: false; errors: string[] };

/**
 * Reads a health document from any service that follows the draft (a parsed object or its JSON text).
 * On failure, every error names the field: `checks.postgres:responseTime.0.status: expected one of …`.
 */
export function parseHealthReport(input: unknown): ParseHealthResult {
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input) as unknown;
    } catch (error) {
      return { ok: false, errors: [`body: invalid JSON (${(error as Error).message})`] };
    }
  }
  const parsed = healthReportSchema.safeParse(document);
  if (parsed.success) return { ok: true, report: parsed.data };
  const errors = parsed.error.issues
    .slice(0, MAX_ERRORS)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'body'}: ${issue.message}`);
  return { ok: false, errors };
}
