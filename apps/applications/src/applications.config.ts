import { BaseConfig } from '@app/common';

/** Settings of the applications service, validated at start-up (database settings: DbConfig). */
export class ApplicationsConfig extends BaseConfig {}
