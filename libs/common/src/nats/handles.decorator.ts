import 'reflect-metadata';
import { PARAMTYPES_METADATA } from '@nestjs/common/constants';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, RpcMessage } from '@app/contracts';

/** What a handler of `M` may be: it takes the descriptor's request and answers its response. */
export type HandlerOf<M> = (request: RequestOf<M>, ...rest: any[]) => ResponseOf<M> | Promise<ResponseOf<M>>;

/** True when T is `any` (which would let any response through unchecked). */
type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * The type a handler's name must have: when the handler's result is `any` (an untyped service method or
 * query), a sentence no name matches, so the compiler asks for an explicit return type instead of
 * letting any response through.
 */
type CheckedKey<F> = F extends (...args: never[]) => infer R
  ? IsAny<Awaited<R>> extends true
    ? 'a handler whose result is any: give it (or the method it returns) an explicit return type'
    : string | symbol
  : never;

// Any request and response: the method's own types are what is checked.
type AnyRpcMessage = RpcMessage<any, any>;

/**
 * The one way to declare a NATS request handler: `@Handles(JOBS_JOB_CREATE) create(req: JobCreateRequest): Promise<JobDetail>`.
 * It subscribes the method to the descriptor's subject (`@MessagePattern`), takes the message's payload
 * as its first argument (`@Payload()`) and validates it against the descriptor's request class (the
 * services' global RpcValidationPipe: JSON depth guard, NUL characters, class-validator whitelist), so a
 * subject can no longer be paired with the wrong class by hand. Its type makes the compiler check the
 * method against the descriptor: first parameter `RequestOf<M>`, result `ResponseOf<M>` or a promise of it,
 * and never `any` (handles.decorator.spec.ts proves each mismatch fails to compile).
 */
export function Handles<M extends AnyRpcMessage>(message: M) {
  return <F extends HandlerOf<M>>(target: object, key: CheckedKey<F>, descriptor: TypedPropertyDescriptor<F>): void => {
    MessagePattern(message.subject)(target, key, descriptor);
    Payload()(target, key, 0);
    // The validation pipe takes its class from the parameter types TypeScript recorded: the descriptor's
    // class replaces the first, whatever the parameter was declared as (an interface records Object,
    // which would validate nothing).
    const recorded = (Reflect.getMetadata(PARAMTYPES_METADATA, target, key) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(PARAMTYPES_METADATA, [message.request, ...recorded.slice(1)], target, key);
  };
}
