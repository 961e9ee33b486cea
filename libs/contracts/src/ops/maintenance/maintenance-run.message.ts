import { rpc } from '../../message';

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
export const OPS_MAINTENANCE_RUN = {
  auth: rpc<MaintenanceRunRequest, MaintenanceRunResponse>('auth.ops.maintenance-run.v1', MaintenanceRunRequest),
  jobs: rpc<MaintenanceRunRequest, MaintenanceRunResponse>('jobs.ops.maintenance-run.v1', MaintenanceRunRequest),
  applications: rpc<MaintenanceRunRequest, MaintenanceRunResponse>('applications.ops.maintenance-run.v1', MaintenanceRunRequest),
  notifications: rpc<MaintenanceRunRequest, MaintenanceRunResponse>('notifications.ops.maintenance-run.v1', MaintenanceRunRequest),
} as const;
