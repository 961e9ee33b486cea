import 'reflect-metadata';
import * as path from 'path';
import * as ts from 'typescript';
import { Controller, Module } from '@nestjs/common';
import { PARAMTYPES_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { PARAM_ARGS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { IsInt, Min } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { COMMON_ERRORS, rpc } from '@app/contracts';
import { rpcValidationPipe } from '../bootstrap/service.bootstrap';
import { Handles } from './handles.decorator';

class CountRequest {
  @IsInt() @Min(1) n: number;
}
interface Counted {
  count: number;
}
const COUNT = rpc<CountRequest, Counted>('test.handles.count.v1', CountRequest);
const COUNT_LATER = rpc<CountRequest, Counted>('test.handles.count-later.v1', CountRequest);

class OtherRequest {
  @IsInt() other: number;
}

/** The shape a caller sends; declared as an interface on purpose, so TypeScript records no class for it. */
interface CountShape {
  n: number;
}

declare const untyped: any;

@Controller()
class CountController {
  received: unknown[] = [];

  @Handles(COUNT)
  count(req: CountShape): Counted {
    this.received.push(req);
    return { count: req.n };
  }

  @Handles(COUNT_LATER)
  async countLater(req: CountRequest): Promise<Counted> {
    return Promise.resolve({ count: req.n + 1 });
  }
}

/** Handlers the compiler refuses, each for the reason after its directive (checked by 'fails to compile'). */
export class Refused {
  // @ts-expect-error: '{ count: string; }' is not assignable
  @Handles(COUNT)
  wrongResult(_req: CountRequest): { count: string } {
    return { count: 'one' };
  }

  // @ts-expect-error: 'Promise<{ total: number; }>' is not assignable
  @Handles(COUNT)
  async wrongPromise(req: CountRequest): Promise<{ total: number }> {
    return Promise.resolve({ total: req.n });
  }

  // @ts-expect-error: Types of parameters 'req' and 'request' are incompatible
  @Handles(COUNT)
  wrongPayload(req: OtherRequest): Counted {
    return { count: req.other };
  }

  // @ts-expect-error: '"a handler whose result is any: give it (or the method it returns) an explicit return type"'
  @Handles(COUNT)
  anyResult(_req: CountRequest) {
    return untyped;
  }
}

describe('@Handles', () => {
  it('subscribes the method to the descriptor subject and validates its first argument with the descriptor class', () => {
    const method = Object.getOwnPropertyDescriptor(CountController.prototype, 'count')!.value as object;
    expect(Reflect.getMetadata(PATTERN_METADATA, method)).toEqual(['test.handles.count.v1']);
    const args = Reflect.getMetadata(PARAM_ARGS_METADATA, CountController, 'count') as Record<string, { index: number }>;
    expect(Object.values(args)).toEqual([expect.objectContaining({ index: 0 })]);
    // The parameter is declared as an interface (TypeScript records Object): the class is the descriptor's.
    expect(Reflect.getMetadata(PARAMTYPES_METADATA, CountController.prototype, 'count')).toEqual([CountRequest]);
  });

  describe('wired in a Nest microservice with the services validation pipe', () => {
    /** A transport that only keeps the handlers Nest registers, so the spec can call them. */
    class HandlersOnly extends Server implements CustomTransportStrategy {
      listen(callback: () => void): void {
        callback();
      }
      close(): void {}
      on(): void {}
      unwrap<T>(): T {
        throw new Error('no transport');
      }
    }

    @Module({ controllers: [CountController] })
    class CountModule {}

    const server = new HandlersOnly();
    let app: Awaited<ReturnType<typeof NestFactory.createMicroservice>>;

    beforeAll(async () => {
      app = await NestFactory.createMicroservice(CountModule, { strategy: server, logger: false });
      app.useGlobalPipes(rpcValidationPipe());
      await app.init();
    });
    afterAll(() => app.close());

    it('answers a handler that returns a promise', async () => {
      await expect(call(COUNT_LATER.subject, { n: 3 })).resolves.toEqual({ count: 4 });
    });

    async function call(subject: string, payload: unknown): Promise<unknown> {
      const handler = server.getHandlerByPattern(subject);
      if (!handler) throw new Error(`no handler for ${subject}`);
      return firstValueFrom(server.transformToObservable(await handler(payload, {})));
    }

    it('hands the handler a validated instance of the descriptor class, unknown fields stripped', async () => {
      await expect(call(COUNT.subject, { n: 3, extra: 'dropped' })).resolves.toEqual({ count: 3 });
      const received = app.get(CountController).received.at(-1);
      expect(received).toBeInstanceOf(CountRequest);
      expect(received).toEqual({ n: 3 });
    });

    it('refuses a payload the class rejects (VALIDATION_FAILED), before the handler runs', async () => {
      const before = app.get(CountController).received.length;
      await expect(call(COUNT.subject, { n: 0 })).rejects.toMatchObject({ code: COMMON_ERRORS.VALIDATION_FAILED.code });
      expect(app.get(CountController).received).toHaveLength(before);
    });

    it('keeps the JSON depth guard (JSON_TOO_DEEP)', async () => {
      let deep: unknown = 1;
      for (let i = 0; i < 40; i++) deep = { deep };
      await expect(call(COUNT.subject, { n: 1, deep })).rejects.toMatchObject({ code: COMMON_ERRORS.JSON_TOO_DEEP.code });
    });
  });

  /**
   * ts-jest only transpiles (isolatedModules), so the compiler itself checks this file: as written it has
   * no error (an `@ts-expect-error` with nothing to excuse is one), and with the directives removed each
   * directive's decorator fails with the expected reason. A change that made `@Handles` accept a wrong
   * handler fails this test and `npm run typecheck`.
   */
  it('fails to compile for a wrong response, a wrong payload or an `any` result', () => {
    const root = path.resolve(__dirname, '../../../..');
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const original = ts.sys.readFile(__filename)!;
    const host = ts.createCompilerHost(config.options);
    const parsed = new Map<string, ts.SourceFile | undefined>();
    const getSourceFile = host.getSourceFile.bind(host);
    let text = original;
    // Every other file is parsed once for both programs.
    host.getSourceFile = (file, language) => {
      if (path.resolve(file) === __filename) return ts.createSourceFile(file, text, language);
      if (!parsed.has(file)) parsed.set(file, getSourceFile(file, language));
      return parsed.get(file);
    };
    const check = (withText: string): ts.Diagnostic[] => {
      text = withText;
      const program = ts.createProgram([__filename], config.options, host);
      const source = program.getSourceFile(__filename)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    };
    const lineOf = (d: ts.Diagnostic) => d.file!.getLineAndCharacterOfPosition(d.start!).line;

    expect(check(original).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);

    const lines = original.split('\n');
    const expected = lines.flatMap((line, i) => {
      const match = /^\s*\/\/ @ts-expect-error: (.+)$/.exec(line);
      return match ? [{ line: i + 1, reason: match[1] }] : [];
    });
    expect(expected).toHaveLength(4);
    const errors = check(lines.map((line) => line.replace('// @ts-expect-error:', '// refused:')).join('\n'));
    expect(errors.map(lineOf)).toEqual(expected.map((e) => e.line));
    errors.forEach((error, i) => {
      expect(error.code).toBe(1241); // Unable to resolve signature of method decorator
      expect(ts.flattenDiagnosticMessageText(error.messageText, '\n')).toContain(expected[i].reason);
    });
  });
});
