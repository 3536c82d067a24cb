import http from 'node:http';
import https from 'node:https';
import { reportFailure } from '@erp/contracts';
import { parseHealthReport, type HealthCheck } from '@erp/health';
import type { ProbeCheck, ProbeResult } from '../model/target-types';

/** What a poll needs to know about its target. */
export interface ProbeSpec {
  name: string;
  url: string;
  kind: 'health' | 'http';
  timeoutMs: number;
  expectStatus?: number[];
}

const MAX_BODY_BYTES = 1024 * 1024;
// Many targets may share one host (a proxy, or several health paths of one server): allow a decent pool per host.
const agentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' as const };

/**
 * Polls targets over HTTP with keep-alive connections and a hard timeout covering connect, headers and body.
 * Health targets are read with the shared `parseHealthReport`; others are judged by status code.
 */
export class HttpProber {
  private readonly httpAgent = new http.Agent(agentOptions);
  private readonly httpsAgent = new https.Agent(agentOptions);

  probe(spec: ProbeSpec): Promise<ProbeResult> {
    const at = Date.now();
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (partial: Omit<ProbeResult, 'target' | 'at' | 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ target: spec.name, at, latencyMs: round(performance.now() - started), ...partial });
      };
      const fail = (error: string, httpStatus: number | null = null) =>
        finish({ ok: false, failure: 'liveness', httpStatus, status: null, error, checks: [] });

      const url = new URL(spec.url);
      const client = url.protocol === 'https:' ? https : http;
      const request = client.get(
        url,
        {
          agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          headers: { accept: spec.kind === 'health' ? 'application/health+json, application/json' : '*/*', 'user-agent': 'erp-observer' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
              request.destroy();
              fail(`response body over ${MAX_BODY_BYTES} bytes`, response.statusCode ?? null);
            } else if (spec.kind === 'health') chunks.push(chunk);
          });
          response.on('error', (error) => fail(error.message, response.statusCode ?? null));
          response.on('end', () => {
            const httpStatus = response.statusCode ?? 0;
            if (spec.kind === 'http') {
              const ok = spec.expectStatus ? spec.expectStatus.includes(httpStatus) : httpStatus >= 200 && httpStatus < 400;
              finish({
                ok,
                failure: ok ? null : 'liveness',
                httpStatus,
                status: ok ? 'pass' : 'fail',
                error: ok ? null : `unexpected HTTP status ${httpStatus}`,
                checks: [],
              });
              return;
            }
            finish(readHealth(Buffer.concat(chunks).toString('utf8'), httpStatus));
          });
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        fail(`timed out after ${spec.timeoutMs} ms`);
      }, spec.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => fail(error.code ? `${error.code}: ${error.message}` : error.message));
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function readHealth(body: string, httpStatus: number): Omit<ProbeResult, 'target' | 'at' | 'latencyMs'> {
  const parsed = parseHealthReport(body);
  if (!parsed.ok) {
    return {
      ok: false,
      failure: 'liveness',
      httpStatus,
      status: null,
      error: `HTTP ${httpStatus}, not a health report: ${parsed.errors.slice(0, 3).join('; ')}`,
      checks: [],
    };
  }
  const status = parsed.report.status;
  const checks = Object.entries(parsed.report.checks ?? {}).flatMap(([name, list]) => list.map((check) => toProbeCheck(name, check)));
  // A report failing only degradation checks (error rate, latency …) has not failed the poll: the target is DEGRADED, never DOWN.
  const failure = status === 'fail' ? reportFailure(checks.filter((c) => c.status === 'fail').map((c) => c.name)) : null;
  return {
    ok: failure === null,
    failure,
    httpStatus,
    status,
    error: failure === null ? null : describeFailure(checks, httpStatus),
    checks,
  };
}

function toProbeCheck(name: string, check: HealthCheck): ProbeCheck {
  return {
    name,
    componentType: check.componentType ?? null,
    componentId: check.componentId ?? null,
    value: typeof check.observedValue === 'number' && Number.isFinite(check.observedValue) ? check.observedValue : null,
    unit: check.observedUnit ?? null,
    status: check.status ?? 'pass',
  };
}

function describeFailure(checks: ProbeCheck[], httpStatus: number): string {
  const failing = checks.filter((c) => c.status === 'fail').map((c) => c.name);
  return failing.length ? `reports fail: ${failing.join(', ')}` : `reports fail (HTTP ${httpStatus})`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
