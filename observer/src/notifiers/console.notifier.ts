import type { Logger } from 'pino';
import { messageTargets, renderText, type AlertMessage } from '../model/alert-message';
import { Notifier } from './notifier';

/** Alerts into the observer's log: the channel when neither SMTP nor Slack is configured. */
export class ConsoleNotifier extends Notifier {
  readonly name = 'console';

  constructor(private readonly logger: Logger) {
    super();
  }

  async send(message: AlertMessage): Promise<void> {
    const level = message.severity === 'critical' ? 'error' : message.severity === 'warning' ? 'warn' : 'info';
    this.logger[level]({ alert: { kind: message.kind, title: message.title, targets: messageTargets(message) } }, renderText(message));
  }
}
