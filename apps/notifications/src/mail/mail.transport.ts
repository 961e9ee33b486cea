import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { MailRequestedEvent } from '@app/contracts';
import { createTransport, Transporter } from 'nodemailer';
import { NotificationsConfig } from '../notifications.config';

/**
 * SMTP delivery when SMTP_URL is set; otherwise mail is only recorded in outbound_mail (development,
 * tests). Never logs a body: it may hold a reset or verification link.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter?: Transporter;

  constructor(private readonly config: NotificationsConfig) {
    if (config.SMTP_URL) this.transporter = createTransport(config.SMTP_URL);
  }

  get enabled(): boolean {
    return this.transporter !== undefined;
  }

  async send(mail: MailRequestedEvent): Promise<void> {
    if (!this.transporter) return;
    await this.transporter.sendMail({ from: this.config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    this.logger.log({ kind: mail.kind }, 'mail sent');
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
