import type { Notifier } from './notifier';

/** The configured channels by name. Registering a name twice or asking for an unknown one is a programming error. */
export class NotifierRegistry {
  private readonly notifiers = new Map<string, Notifier>();

  register(notifier: Notifier): this {
    if (this.notifiers.has(notifier.name)) throw new Error(`notifier "${notifier.name}" is already registered`);
    this.notifiers.set(notifier.name, notifier);
    return this;
  }

  get(name: string): Notifier {
    const notifier = this.notifiers.get(name);
    if (!notifier) throw new Error(`no notifier named "${name}" (registered: ${[...this.notifiers.keys()].join(', ') || 'none'})`);
    return notifier;
  }

  names(): string[] {
    return [...this.notifiers.keys()];
  }

  all(): Notifier[] {
    return [...this.notifiers.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((n) => n.close()));
  }
}
