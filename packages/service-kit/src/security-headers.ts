import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet would set, computed once: helmet's output is static for static options, so the hot path sets a
 * fixed list instead of running helmet's middleware chain on every request.
 */
export function securityHeaders(options?: HelmetOptions): Array<[string, string]> {
  const headers = new Map<string, string>();
  const fakeResponse = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  const middleware = helmet(options) as unknown as (req: object, res: typeof fakeResponse, next: (error?: unknown) => void) => void;
  let failure: unknown;
  middleware({}, fakeResponse, (error) => {
    failure = error;
  });
  if (failure) throw failure;
  return [...headers];
}
