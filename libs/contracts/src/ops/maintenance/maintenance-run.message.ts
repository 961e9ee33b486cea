import { rpcPerService } from '../../message';

export class MaintenanceRunRequest {}

export interface MaintenanceTaskResult {
  task: string;
  /** false when another replica held the task's advisory lock: it ran there, not here. */
  ran: boolean;
  /** Rows moved or deleted. */
  rows: number;
  /** Why the task failed (it is retried on the next run). */
  error?: string;
}

export interface MaintenanceRunResponse {
  service: string;
  tasks: MaintenanceTaskResult[];
}

/** Runs a service's scheduled maintenance now (admins: POST /api/admin/maintenance/run). */
export const OPS_MAINTENANCE_RUN = rpcPerService<MaintenanceRunRequest, MaintenanceRunResponse>(
  'ops.maintenance-run.v1',
  MaintenanceRunRequest,
);
