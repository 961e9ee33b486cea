import 'reflect-metadata';
import { ConfigError, JwtConfig, loadConfig, runService } from '@app/common';
import { AppModule } from './app.module';
import { AuthConfig } from './auth.config';

let jwt: JwtConfig | undefined;
let jwtProblems: string[] = [];
try {
  jwt = loadConfig(JwtConfig);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  jwtProblems = err.problems; // reported with the service's own problems, then the process exits
}

runService('auth', AuthConfig, (config, dbConfig) => AppModule.register(config, dbConfig, jwt!), jwtProblems);
