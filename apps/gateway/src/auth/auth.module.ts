import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '../gateway.config';
import { AuthController } from './auth.controller';
import { RateLimitGuard, rateLimitOptions } from './rate-limit';

@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [GatewayConfig], useFactory: rateLimitOptions })],
  controllers: [AuthController],
  providers: [RateLimitGuard],
})
export class AuthModule {}
