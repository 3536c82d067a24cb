import { createHmac } from 'node:crypto';
import type { DueDelivery } from '../data-access/outbox.repository';
import { postWebhook, type WebhookOutcome } from '../data-access/webhook.gateway';
import type { OrdersDeps } from './orders-deps';

/** Delay before redelivering: 1 s doubling up to an hour. Delivery never gives up (at least once). */
export const deliveryBackoffMs = (attempts: number): number => Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempts - 1));

/** The webhook request body of an event. */
export function webhookBody(d: Pick<DueDelivery, 'eventId' | 'eventType' | 'createdAt' | 'payload'>): string {
  return JSON.stringify({ id: d.eventId, type: d.eventType, occurredAt: d.createdAt.toISOString(), data: d.payload });
}

/** `sha256=<hex HMAC of the body with the subscription's secret>`, sent as X-Erp-Signature. */
export const signature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** POSTs one delivery, signed with its subscription's secret. */
function deliver(d: DueDelivery, timeoutMs: number): Promise<WebhookOutcome> {
  const body = webhookBody(d);
  return postWebhook(
    {
      url: d.url,
      body,
      headers: { 'x-erp-event': d.eventType, 'x-erp-event-id': d.eventId, 'x-erp-signature': signature(d.secret, body) },
    },
    timeoutMs,
  );
}

/**
 * One dispatcher pass: fans new outbox events out to matching subscriptions, then POSTs every due delivery once.
 * A delivery is marked done only after a 2xx, so each subscriber gets each event at least once (duplicates possible:
 * dedupe on the event id). Returns how many deliveries were attempted.
 */
export async function dispatchOutbox(
  deps: Pick<OrdersDeps, 'outbox' | 'logger'>,
  options: { timeoutMs: number; batch?: number },
): Promise<number> {
  await deps.outbox.fanOutEvents(options.batch ?? 200);
  const due = await deps.outbox.leaseDueDeliveries(options.batch ?? 50, Math.ceil(options.timeoutMs / 1000) + 30);
  await Promise.all(
    due.map(async (d) => {
      const result = await deliver(d, options.timeoutMs);
      if (!result.delivered)
        deps.logger.warn(
          { eventId: d.eventId, url: d.url, attempts: d.attempts, err: result.error },
          'webhook delivery failed; will retry',
        );
      await deps.outbox.recordDeliveryAttempt(d.id, { ...result, retryInMs: deliveryBackoffMs(d.attempts) });
    }),
  );
  return due.length;
}
