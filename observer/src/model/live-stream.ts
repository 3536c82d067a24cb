import { EventEmitter } from 'node:events';

/** The events of GET /api/v1/stream, each published by the stage that did the thing. */
export const STREAM_EVENT_TYPES = ['state', 'sample', 'event', 'alert', 'incident'] as const;
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number];

/**
 * The live stream the dashboard and the watchdog read: the state stage publishes `sample` and `state`, the incident
 * stage `incident` (once stored), the alert log `alert`, the event log `event`. Publishers never see the subscribers.
 */
export class LiveStream {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(1_000);
  }

  publish(type: StreamEventType, data: unknown): void {
    this.emitter.emit(type, data);
  }

  /** Whether anyone listens to `type` (a publisher can skip building an event nobody reads). */
  has(type: StreamEventType): boolean {
    return this.emitter.listenerCount(type) > 0;
  }

  /** Calls `listener` for every event of `type`; returns the unsubscribe function. */
  subscribe(type: StreamEventType, listener: (data: unknown) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }
}
