import { BaseConfig } from '@app/common';

/** Settings of the auth service, validated at start-up (database settings: DbConfig). */
export class AuthConfig extends BaseConfig {}
