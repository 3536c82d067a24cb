/** One call to the observer (`path` under its base URL), given up after `timeoutMs`. */
export function observerRequest(baseUrl: string, path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(new URL(path, baseUrl), { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** An error's message, with its cause's (fetch puts the network reason there). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
