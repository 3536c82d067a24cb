import nodemailer, { type Transporter } from 'nodemailer';
import { renderHtml, renderText, type AlertMessage } from '../model/alert-message';
import { Notifier } from './notifier';

/** Email over SMTP (nodemailer, pooled connections), with a plain-text and an HTML part. */
export class EmailNotifier extends Notifier {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly options: { smtpUrl: string; from: string; to: string[] }) {
    super();
    const url = new URL(options.smtpUrl);
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 2,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
      secure: url.protocol === 'smtps:',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: AlertMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: this.options.to,
      subject: message.title,
      text: renderText(message),
      html: renderHtml(message),
      headers: { 'X-ERP-Alert-Kind': message.kind },
    });
  }

  override async close(): Promise<void> {
    this.transport.close();
  }
}
