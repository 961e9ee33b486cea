export * from './auth-user';
export * from './decorators';
export * from './security.module';
export * from './session-cookies';
export * from './user-status.cache';
