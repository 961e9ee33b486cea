import { Controller, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DbReport,
  DbReportRequest,
  MaintenanceRunRequest,
  MaintenanceRunResponse,
  OPS_DB_REPORT,
  OPS_MAINTENANCE_RUN,
  OPS_PARKED_LIST,
  OPS_PARKED_REPLAY,
  ParkedListRequest,
  ParkedListResponse,
  ParkedReplayRequest,
  ParkedReplayResponse,
  ServiceName,
} from '@app/contracts';
import { ParkedEvents } from '../events/parked-events.service';
import { DbReportService } from './db-report.service';
import { Maintenance } from './maintenance.service';

/** The operators' NATS handlers every service has: `<service>.ops.db-report.v1`, `.maintenance-run.v1`, `.parked-list.v1`, `.parked-replay.v1`. */
export function opsController(service: ServiceName): Type<unknown> {
  @Controller()
  class OpsController {
    constructor(
      private readonly reports: DbReportService,
      private readonly maintenance: Maintenance,
      private readonly parked: ParkedEvents,
    ) {}

    @MessagePattern(OPS_DB_REPORT[service].subject)
    dbReport(@Payload() request: DbReportRequest): Promise<DbReport> {
      return this.reports.report(request.slow_ms);
    }

    @MessagePattern(OPS_MAINTENANCE_RUN[service].subject)
    runMaintenance(@Payload() _request: MaintenanceRunRequest): Promise<MaintenanceRunResponse> {
      return this.maintenance.runAll();
    }

    @MessagePattern(OPS_PARKED_LIST[service].subject)
    parkedList(@Payload() request: ParkedListRequest): Promise<ParkedListResponse> {
      return this.parked.list(request.limit);
    }

    @MessagePattern(OPS_PARKED_REPLAY[service].subject)
    parkedReplay(@Payload() request: ParkedReplayRequest): Promise<ParkedReplayResponse> {
      return this.parked.replay(request.id);
    }
  }
  return OpsController;
}
