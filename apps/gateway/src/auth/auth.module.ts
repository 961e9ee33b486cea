import { Module } from '@nestjs/common';
import { NatsConnectionService } from '@app/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '../gateway.config';
import { AuthController } from './auth.controller';
import { RateLimitGuard, rateLimitOptions } from './rate-limit';

@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [GatewayConfig, NatsConnectionService], useFactory: rateLimitOptions })],
  controllers: [AuthController],
  providers: [RateLimitGuard],
})
export class AuthModule {}
