/** Outcome of one webhook POST: delivered only on a 2xx. */
export interface WebhookOutcome {
  delivered: boolean;
  /** The subscriber's status code; null when it did not answer. */
  status: number | null;
  error: string | null;
}

/** POSTs a JSON body to a subscriber (no redirects followed; the answer's body is read and dropped). */
export async function postWebhook(
  request: { url: string; body: string; headers: Record<string, string> },
  timeoutMs: number,
): Promise<WebhookOutcome> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', ...request.headers, 'user-agent': 'erp-orders-webhooks' },
      body: request.body,
    });
    await response.arrayBuffer().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return { delivered, status: response.status, error: delivered ? null : `answered ${response.status}` };
  } catch (error) {
    return { delivered: false, status: null, error: error instanceof Error ? error.message : String(error) };
  }
}
