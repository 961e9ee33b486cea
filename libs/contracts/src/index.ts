export * from './message';
export * from './services';
export * from './errors';
export * from './system/ping/ping.message';
// auth
export * from './auth/user-deleted/user-deleted.event';
export * from './auth/users-get-many/users-get-many.message';
export * from './auth/user-status/user-status.message';
export * from './auth/cv-get-active/cv-get-active.message';
// jobs
export * from './jobs/membership/membership.message';
export * from './jobs/job-summaries/job-summaries.message';
export * from './jobs/job-deleted/job-deleted.event';
// applications
export * from './applications/has-applied/has-applied.message';
export * from './applications/application-events/application-events';
// dashboards, administration and operations
export * from './dashboard/dashboard-figures/dashboard-figures.message';
export * from './admin/admin-stats/admin-stats.message';
export * from './admin/admin-users/admin-users.messages';
export * from './admin/admin-jobs/admin-jobs.messages';
export * from './admin/admin-applications/admin-applications.messages';
export * from './ops/db-report/db-report.message';
export * from './ops/maintenance/maintenance-run.message';
