export * from './connection';
export * from './data-source';
export * from './db.config';
export * from './migrate';
export * from './migrations';
export * from './naming.strategy';
export * from './roles';
export * from './testing';
