export * from './message';
export * from './validation';
export * from './services';
export * from './errors';
export * from './system/ping/ping.message';
// auth
export * from './auth/user-deleted/user-deleted.event';
export * from './auth/users-get-many/users-get-many.message';
export * from './auth/user-status/user-status.message';
export * from './auth/mail-requested/mail-requested.event';
export * from './auth/account/account.messages';
export * from './auth/candidate-profile/candidate-profile.messages';
export * from './auth/candidate-cv/candidate-cv.messages';
export * from './auth/employer-profile/employer-profile.messages';
// jobs
export * from './jobs/membership/membership.message';
export * from './jobs/job-summaries/job-summaries.message';
export * from './jobs/job-deleted/job-deleted.event';
export * from './jobs/job-changed/job-changed.event';
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
export * from './ops/parked-events/parked-events.message';
export * from './applications/application-api/application-api.messages';
// notifications
export * from './notifications/notification-api/notification-api.messages';
export * from './notifications/notification-stream/notification-stream';
// jobs: the HTTP-facing RPCs
export * from './jobs/company-api/company-api.messages';
export * from './jobs/job-api/job-api.messages';
// i18n: the message catalogues (fr.json, en.json) and their rendering
export * from './i18n';
