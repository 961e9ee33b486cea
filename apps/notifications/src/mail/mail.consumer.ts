import { Injectable, Logger } from '@nestjs/common';
import { EventConsumers, on } from '@app/common';
import { AUTH_MAIL_REQUESTED } from '@app/contracts';
import { MailTransport } from './mail.transport';
import { OutboundMailRepository } from './outbound-mail.repository';

/**
 * Records each requested mail (exactly once, with the event) and, when SMTP is configured, sends it
 * after the commit and notes sent_at or the error. A failed send is not retried by redelivery:
 * the row keeps the error for an operator.
 */
@Injectable()
export class MailConsumer {
  private readonly logger = new Logger(MailConsumer.name);

  constructor(
    consumers: EventConsumers,
    private readonly mails: OutboundMailRepository,
    private readonly transport: MailTransport,
  ) {
    consumers.register({
      name: 'mail',
      bindings: [
        on(AUTH_MAIL_REQUESTED, async (event, manager) => {
          const id = await this.mails.record(manager, event.payload);
          // Only once the row is committed: a rolled-back or duplicate event sends nothing.
          if (this.transport.enabled) event.afterCommit(() => this.deliver(id, event.payload));
        }),
      ],
    });
  }

  private async deliver(id: number, mail: Parameters<MailTransport['send']>[0]): Promise<void> {
    try {
      await this.transport.send(mail);
      await this.mails.markSent(id);
    } catch (err) {
      this.logger.warn({ mail_id: id, kind: mail.kind }, `mail delivery failed: ${(err as Error).message}`);
      await this.mails.markFailed(id, (err as Error).message).catch(() => undefined);
    }
  }
}
