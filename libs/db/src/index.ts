export * from './connection';
export * from './data-source';
export * from './db.config';
export * from './migrate';
export * from './migrations';
export * from './roles';
export * from './testing';
export * from './sql';
