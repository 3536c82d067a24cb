import type { Logger } from 'pino';
import { ConsoleNotifier } from './console.notifier';
import { EmailNotifier } from './email.notifier';
import { NotifierRegistry } from './notifier-registry';
import { SlackNotifier } from './slack.notifier';

/** Channel settings from the environment. */
export interface NotifierEnv {
  SMTP_URL?: string;
  ALERT_EMAIL_FROM?: string;
  ALERT_EMAIL_TO?: string;
  SLACK_WEBHOOK_URL?: string;
}

/** Every channel the environment configures; the console alone when none is. */
export function buildNotifiers(env: NotifierEnv, logger: Logger): NotifierRegistry {
  const registry = new NotifierRegistry();
  if (env.SMTP_URL && env.ALERT_EMAIL_TO) {
    const to = env.ALERT_EMAIL_TO.split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    registry.register(new EmailNotifier({ smtpUrl: env.SMTP_URL, from: env.ALERT_EMAIL_FROM ?? 'observer@erp.local', to }));
  }
  if (env.SLACK_WEBHOOK_URL) registry.register(new SlackNotifier({ webhookUrl: env.SLACK_WEBHOOK_URL }));
  if (registry.names().length === 0) registry.register(new ConsoleNotifier(logger.child({ channel: 'console' })));
  return registry;
}

export { NotifierRegistry } from './notifier-registry';
export { Notifier, RateLimitedError } from './notifier';
export { DeliveryStage, type Delivery, type DeliveryOptions } from './delivery-stage';
export { createAlertLog, type AlertLogDeps } from './alert-log';
