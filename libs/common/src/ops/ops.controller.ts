import { Controller, Type } from '@nestjs/common';
import { Handles } from '../nats/handles.decorator';
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

    @Handles(OPS_DB_REPORT[service])
    dbReport(request: DbReportRequest): Promise<DbReport> {
      return this.reports.report(request.slow_ms);
    }

    @Handles(OPS_MAINTENANCE_RUN[service])
    runMaintenance(_request: MaintenanceRunRequest): Promise<MaintenanceRunResponse> {
      return this.maintenance.runAll();
    }

    @Handles(OPS_PARKED_LIST[service])
    parkedList(request: ParkedListRequest): Promise<ParkedListResponse> {
      return this.parked.list(request.limit);
    }

    @Handles(OPS_PARKED_REPLAY[service])
    parkedReplay(request: ParkedReplayRequest): Promise<ParkedReplayResponse> {
      return this.parked.replay(request.id);
    }
  }
  return OpsController;
}
