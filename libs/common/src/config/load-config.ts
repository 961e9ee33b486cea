import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose value is a secret: a bad one is named, never printed. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|KEY/;

/** What a config error shows of a bad value: secrets hidden, a URL's password masked. */
function shownValue(name: string, value: unknown): string {
  if (value === undefined) return 'not set';
  if (SECRET_NAME.test(name)) return 'value hidden';
  return `got "${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/\/\/([^:/@\s]*):[^@\s]*@/g, '//$1:***@')}"`;
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const constraints = Object.values(e.constraints ?? {});
    return constraints.map((c) => `${e.property}: ${c} (${shownValue(e.property, e.value)})`);
  });
}

/**
 * Reads environment variables into a typed, validated config object, once, at start-up.
 * Services take the result by injection and never read `process.env` themselves.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(cls, { ...env }, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return config;
}

/** Loads several config classes from the same environment and reports every problem at once. */
export function loadConfigs<A extends object, B extends object>(
  a: new () => A,
  b: new () => B,
  env: NodeJS.ProcessEnv = process.env,
): [A, B] {
  const problems: string[] = [];
  const attempt = <T extends object>(cls: new () => T): T | undefined => {
    try {
      return loadConfig(cls, env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const first = attempt(a);
  const second = attempt(b);
  if (problems.length) throw new ConfigError(problems);
  return [first as A, second as B];
}
