import { Controller, Get, Param, ParseEnumPipe } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PingResponse, SERVICE_NAMES, ServiceName, SYSTEM_PING } from '@app/contracts';
import { ServiceClient } from '@app/common';
import { Public } from '../security';

// eslint-disable-next-line no-useless-assignment -- read by the ParseEnumPipe below (the rule does not see decorator arguments)
const SERVICES = Object.fromEntries(SERVICE_NAMES.map((s) => [s, s])) as Record<ServiceName, ServiceName>;

@ApiTags('system')
@Public()
@Controller()
export class SystemController {
  constructor(private readonly services: ServiceClient) {}

  @Get('ping')
  @ApiOperation({ summary: 'Liveness of the gateway, as the web client checks it' })
  ping() {
    return { ping: 'pong', timestamp: new Date().toISOString(), service: 'gateway' };
  }

  @Get('system/ping/:service')
  @ApiOperation({ summary: 'Round trip over NATS to one service (503/504 when it is down or slow)' })
  @ApiParam({ name: 'service', enum: SERVICE_NAMES })
  pingService(@Param('service', new ParseEnumPipe(SERVICES)) service: ServiceName): Promise<PingResponse> {
    return this.services.request(SYSTEM_PING[service], { from: 'gateway' });
  }
}
