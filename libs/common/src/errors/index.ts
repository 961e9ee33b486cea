export * from './domain-error';
export * from './validation';
export * from './rpc-exception.filter';
export * from './overload';
export * from './json-depth';
