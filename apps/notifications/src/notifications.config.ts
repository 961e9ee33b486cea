import { BaseConfig } from '@app/common';

/** Settings of the notifications service, validated at start-up (database settings: DbConfig). */
export class NotificationsConfig extends BaseConfig {}
