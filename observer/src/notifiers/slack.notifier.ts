import { formatDuration, type AlertMessage } from '../model/alert-message';
import { Notifier, RateLimitedError } from './notifier';

const EMOJI: Record<AlertMessage['kind'], string> = {
  down: ':red_circle:',
  degraded: ':large_orange_circle:',
  recovery: ':large_green_circle:',
  reminder: ':hourglass:',
  event: ':warning:',
  report: ':bar_chart:',
};

/** Slack incoming webhook, with blocks (and a text fallback). A 429 becomes a RateLimitedError honouring Retry-After. */
export class SlackNotifier extends Notifier {
  readonly name = 'slack';

  constructor(private readonly options: { webhookUrl: string; timeoutMs?: number }) {
    super();
  }

  async send(message: AlertMessage): Promise<void> {
    const response = await fetch(this.options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(message)),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    if (response.status === 429) throw new RateLimitedError(Math.max(1, Number(response.headers.get('retry-after')) || 1) * 1000);
    if (!response.ok) throw new Error(`Slack answered ${response.status}: ${text.slice(0, 200)}`);
  }
}

/** The webhook body: a header, one section per cause, context with the dashboard link. */
export function slackPayload(message: AlertMessage): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `${message.title}`.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${EMOJI[message.kind]} ${message.summary}`.slice(0, 3000) } },
  ];
  for (const section of message.sections.slice(0, 20)) {
    const lines = section.items
      .slice(0, 30)
      .map((i) => `• *${i.target}* — ${i.state} for ${formatDuration(i.durationSeconds)}: ${i.detail}`)
      .join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${section.headline}*\n${lines}`.slice(0, 3000) } });
  }
  if (message.body) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: message.body.slice(0, 3000) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${message.dashboardUrl}|Open the dashboard> · ${message.at}` }] });
  return { text: `${message.title}: ${message.summary}`.slice(0, 3000), blocks };
}
