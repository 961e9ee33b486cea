import { BaseConfig } from '@app/common';

/** Settings of the jobs service, validated at start-up (database settings: DbConfig). */
export class JobsConfig extends BaseConfig {}
