import 'reflect-metadata';
import { exitOnConfigError, JwtConfig, loadConfig, runService } from '@app/common';
import { AppModule } from './app.module';
import { AuthConfig } from './auth.config';

let jwt: JwtConfig;
try {
  jwt = loadConfig(JwtConfig);
} catch (err) {
  exitOnConfigError('auth', err);
}

runService('auth', AuthConfig, (config, dbConfig) => AppModule.register(config, dbConfig, jwt));
