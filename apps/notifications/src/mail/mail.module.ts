import { Module } from '@nestjs/common';
import { MailConsumer } from './mail.consumer';
import { MailTransport } from './mail.transport';
import { OutboundMailRepository } from './outbound-mail.repository';

/** The auth e-mails (reset, verification, address change): recorded in outbound_mail, sent by SMTP when configured. */
@Module({
  providers: [OutboundMailRepository, MailTransport, MailConsumer],
})
export class MailModule {}
