import { QueryFailedError } from 'typeorm';
import { databaseUnavailableError, overloadError } from './overload';
import { AllRpcExceptionsFilter } from './rpc-exception.filter';

describe('database errors that are not bugs', () => {
  const filter = new AllRpcExceptionsFilter();
  const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  const wrapped = (error: Error) => new QueryFailedError('SELECT 1', [], error);

  it.each([
    ['the server shutting down (57P01)', pgError('terminating connection due to administrator command', '57P01')],
    ['a connection exception (08006)', pgError('connection failure', '08006')],
    ['a refused connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection lost under a query', pgError('Connection terminated unexpectedly')],
    ['the same, wrapped by TypeORM', wrapped(pgError('Connection terminated unexpectedly'))],
  ])('%s is SERVICE_UNAVAILABLE (503), not a 500', (_label, error) => {
    expect(databaseUnavailableError(error)?.code).toBe('SERVICE_UNAVAILABLE');
    expect(filter.toBody(error).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a pool wait that timed out stays SERVICE_OVERLOADED', () => {
    const error = pgError('Connection terminated due to connection timeout');
    expect(overloadError(error)?.code).toBe('SERVICE_OVERLOADED');
    expect(filter.toBody(error).code).toBe('SERVICE_OVERLOADED');
  });

  it('a real bug stays INTERNAL', () => {
    expect(databaseUnavailableError(wrapped(pgError('column "nope" does not exist', '42703')))).toBeUndefined();
    expect(filter.toBody(new TypeError('x is undefined')).code).toBe('INTERNAL');
  });
});
