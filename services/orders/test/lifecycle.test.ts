import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@erp/testing';
import { addProducts, expectLedgerConsistent, levels, placeOrder, startFleet, stock, type Fleet } from '@erp/harness/commerce-fleet';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
  await addProducts(fleet, [{ sku: 'L-A', priceCents: 700 }]);
}, 60_000);
afterAll(async () => fleet.stop());
beforeEach(async () => {
  await fleet.reset();
  await stock(fleet, 'L-A', 20);
});
afterEach(async () => expectLedgerConsistent(fleet));

async function confirmedOrder(customerId = 'c-1', quantity = 2): Promise<string> {
  const { status, body } = await placeOrder(fleet, { customerId, lines: [{ sku: 'L-A', quantity }] });
  expect(status).toBe(201);
  return String(body.id);
}

describe('lifecycle', () => {
  test('when a confirmed order is cancelled, then it is cancelled with the transition recorded and its stock released', async () => {
    const id = await confirmedOrder();
    const { status, body } = await fleet.orders.call('POST', `/api/v1/orders/${id}/cancel`);
    expect(status).toBe(200);
    expect(body.status).toBe('cancelled');
    expect((body.transitions as Array<{ from: string | null; to: string; at: string }>).map((t) => `${t.from}->${t.to}`)).toEqual([
      'null->pending',
      'pending->confirmed',
      'confirmed->cancelled',
    ]);
    await waitFor(async () => (await levels(fleet, 'L-A')).reserved === 0, { message: 'stock released' });
  });

  test('when a confirmed order is fulfilled, then inventory ships it (on hand and reserved drop)', async () => {
    const id = await confirmedOrder('c-1', 3);
    const { status, body } = await fleet.orders.call('POST', `/api/v1/orders/${id}/fulfill`);
    expect(status).toBe(200);
    expect(body.status).toBe('fulfilled');
    expect(await levels(fleet, 'L-A')).toMatchObject({ onHand: 17, reserved: 0, available: 17 });
  });

  test.each([
    ['cancelled', 'cancel'],
    ['cancelled', 'fulfill'],
    ['fulfilled', 'cancel'],
    ['fulfilled', 'fulfill'],
  ])('when an order is %s, then %s is an illegal transition (409) and changes nothing', async (state, action) => {
    const id = await confirmedOrder();
    await fleet.orders.call('POST', `/api/v1/orders/${id}/${state === 'cancelled' ? 'cancel' : 'fulfill'}`);
    const before = await fleet.orders.call('GET', `/api/v1/orders/${id}`);
    const { status, body } = await fleet.orders.call('POST', `/api/v1/orders/${id}/${action}`);
    expect(status).toBe(409);
    expect(body).toMatchObject({ type: 'https://erp.example/problems/illegal-transition', from: state });
    expect((await fleet.orders.call('GET', `/api/v1/orders/${id}`)).body).toEqual(before.body);
  });

  test('when a failed order is cancelled, then 409', async () => {
    const { body } = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'L-A', quantity: 999 }] });
    const { status } = await fleet.orders.call('POST', `/api/v1/orders/${String(body.orderId)}/cancel`);
    expect(status).toBe(409);
  });

  test('when cancel and fulfil of one order race, then exactly one wins and stock matches the winner', async () => {
    const id = await confirmedOrder('c-1', 4);
    const [cancel, fulfil] = await Promise.all([
      fleet.orders.call('POST', `/api/v1/orders/${id}/cancel`),
      fleet.orders.call('POST', `/api/v1/orders/${id}/fulfill`),
    ]);
    expect([cancel.status, fulfil.status].sort()).toEqual([200, 409]);
    const expected = fulfil.status === 200 ? { onHand: 16, reserved: 0 } : { onHand: 20, reserved: 0 };
    await waitFor(async () => (await levels(fleet, 'L-A')).reserved === 0, { message: 'reservation closed' });
    expect(await levels(fleet, 'L-A')).toMatchObject(expected);
  });

  test('when an order does not exist, then 404 for reading, cancelling and fulfilling', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', ''],
      ['POST', '/cancel'],
      ['POST', '/fulfill'],
    ] as const) {
      expect((await fleet.orders.call(method, `/api/v1/orders/${id}${path}`)).status).toBe(404);
    }
  });
});

describe('history and lists', () => {
  test('when listing with a small page size, then cursors walk every order newest first without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await confirmedOrder(i % 2 === 0 ? 'alice' : 'bob', 1));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await fleet.orders.call('GET', `/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as Array<{ id: string }>).map((o) => o.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  test('when filtering by customer, status and time, then only matching orders come back', async () => {
    const a1 = await confirmedOrder('alice', 1);
    const b1 = await confirmedOrder('bob', 1);
    const a2 = await confirmedOrder('alice', 1);
    await fleet.orders.call('POST', `/api/v1/orders/${a1}/cancel`);
    const history = await fleet.orders.call('GET', '/api/v1/customers/alice/orders');
    expect((history.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([a2, a1]);
    const cancelled = await fleet.orders.call('GET', '/api/v1/orders?status=cancelled');
    expect((cancelled.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([a1]);
    const aliceConfirmed = await fleet.orders.call('GET', '/api/v1/orders?customerId=alice&status=confirmed,fulfilled');
    expect((aliceConfirmed.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([a2]);
    const future = await fleet.orders.call(
      'GET',
      `/api/v1/orders?createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(future.body.items).toEqual([]);
    const past = await fleet.orders.call(
      'GET',
      `/api/v1/orders?createdTo=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect((past.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([a2, b1, a1]);
  });

  test('when a cursor is forged, then 400', async () => {
    const { status, body } = await fleet.orders.call('GET', '/api/v1/orders?cursor=bm9wZQ');
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});

describe('order events (outbox → webhooks)', () => {
  let receiver: Server;
  let url: string;
  const received: Array<{ body: string; signature: string; event: string }> = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.statusCode = 500;
          res.end();
          return;
        }
        received.push({
          body: Buffer.concat(chunks).toString(),
          signature: String(req.headers['x-erp-signature']),
          event: String(req.headers['x-erp-event']),
        });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    failuresLeft = 0;
  });

  test('when orders are confirmed and cancelled, then a subscriber receives each event, signed, even after its own failures', async () => {
    const sub = await fleet.orders.call('POST', '/api/v1/subscriptions', { url, events: ['order.confirmed', 'order.cancelled'] });
    expect(sub.status).toBe(201);
    failuresLeft = 2;
    const id = await confirmedOrder();
    await fleet.orders.call('POST', `/api/v1/orders/${id}/cancel`);
    await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'L-A', quantity: 999 }] }); // fails: no event
    await waitFor(() => received.length >= 2, { timeoutMs: 15_000, message: 'both events delivered' });
    // deliveries run in parallel and may repeat (at least once): compare the distinct events in event-id order
    const events = [
      ...new Map(
        received
          .map((r) => JSON.parse(r.body) as { id: string; type: string; data: { orderId: string; status: string } })
          .map((e) => [e.id, e]),
      ).values(),
    ].sort((a, b) => Number(a.id) - Number(b.id));
    expect(events.map((e) => [e.type, e.data.orderId, e.data.status])).toEqual([
      ['order.confirmed', id, 'confirmed'],
      ['order.cancelled', id, 'cancelled'],
    ]);
    for (const r of received)
      expect(r.signature).toBe(`sha256=${createHmac('sha256', String(sub.body.secret)).update(r.body).digest('hex')}`);
    const list = await waitFor(
      async () => {
        const answer = await fleet.orders.call('GET', '/api/v1/subscriptions');
        return (answer.body.items as Array<{ pendingDeliveries: number }>)[0]?.pendingDeliveries === 0 ? answer : null;
      },
      { message: 'deliveries recorded' },
    );
    expect(list.body.items).toEqual([expect.objectContaining({ id: sub.body.id, pendingDeliveries: 0 })]);
    expect(JSON.stringify(list.body)).not.toContain(String(sub.body.secret));
  });

  test('when a subscription is deleted, then it receives nothing more', async () => {
    const sub = await fleet.orders.call('POST', '/api/v1/subscriptions', { url, events: ['order.confirmed'] });
    expect((await fleet.orders.call('DELETE', `/api/v1/subscriptions/${String(sub.body.id)}`)).status).toBe(204);
    await confirmedOrder();
    await waitFor(async () => (await fleet.orders.sql(`SELECT 1 FROM outbox WHERE fanned_out_at IS NULL`)).length === 0, {
      message: 'outbox dispatched',
    });
    expect(received).toEqual([]);
    expect((await fleet.orders.call('DELETE', `/api/v1/subscriptions/${String(sub.body.id)}`)).status).toBe(404);
  });
});
