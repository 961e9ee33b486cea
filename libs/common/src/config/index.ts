export * from './load-config';
export * from './base.config';
export * from './jwt.config';
export * from './secrets';
export * from './key-list';
