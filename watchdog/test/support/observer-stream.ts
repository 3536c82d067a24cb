import { readServerSentEvents } from '../../src/data-access/server-sent-events';

/** One `state` event of the observer's stream. */
export interface StateEvent {
  name: string;
  from: string;
  to: string;
  at: string;
  rootCause: string | null;
  failure: string | null;
  degraded?: boolean;
}

/** Records every `state` event of a real observer's `GET /api/v1/stream` until `close()`. */
export async function recordStateEvents(observerUrl: string): Promise<{ events: StateEvent[]; close(): void }> {
  const events: StateEvent[] = [];
  const abort = new AbortController();
  const response = await fetch(`${observerUrl}/api/v1/stream`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`GET /api/v1/stream answered ${response.status}`);
  const body = response.body;
  void (async () => {
    try {
      for await (const message of readServerSentEvents(body))
        if (message.event === 'state') events.push(JSON.parse(message.data) as StateEvent);
    } catch {
      // closed
    }
  })();
  return { events, close: () => abort.abort() };
}
