import { Controller, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DbReport, DbReportRequest, MaintenanceRunRequest, MaintenanceRunResponse, OPS_DB_REPORT, OPS_MAINTENANCE_RUN, ServiceName } from '@app/contracts';
import { DbReportService } from './db-report.service';
import { Maintenance } from './maintenance.service';

/** The operators' NATS handlers every service has: `<service>.ops.db-report.v1` and `<service>.ops.maintenance-run.v1`. */
export function opsController(service: ServiceName): Type<unknown> {
  @Controller()
  class OpsController {
    constructor(
      private readonly reports: DbReportService,
      private readonly maintenance: Maintenance,
    ) {}

    @MessagePattern(OPS_DB_REPORT[service].subject)
    dbReport(@Payload() request: DbReportRequest): Promise<DbReport> {
      return this.reports.report(request.slow_ms);
    }

    @MessagePattern(OPS_MAINTENANCE_RUN[service].subject)
    runMaintenance(@Payload() _request: MaintenanceRunRequest): Promise<MaintenanceRunResponse> {
      return this.maintenance.runAll();
    }
  }
  return OpsController;
}
