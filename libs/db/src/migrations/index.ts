import { ServiceName } from '@app/contracts';
import { InitApplications1764100000000 } from './applications/1764100000000-InitApplications';
import { JobsReadModel1764600000000 } from './applications/1764600000000-JobsReadModel';
import { ApplicationsSeedScale1764650000000 } from './applications/1764650000000-ApplicationsSeedScale';
import { ApplicationsSubmittedCv1764700000000 } from './applications/1764700000000-ApplicationsSubmittedCv';
import { InitAuth1764100000000 } from './auth/1764100000000-InitAuth';
import { CvUploadChunks1764200000000 } from './auth/1764200000000-CvUploadChunks';
import { UsersTokensValidAfter1764200000001 } from './auth/1764200000001-UsersTokensValidAfter';
import { UsersLocale1764720000000 } from './auth/1764720000000-UsersLocale';
import { OutboxMailLinks1764800000000 } from './auth/1764800000000-OutboxMailLinks';
import { InitJobs1764100000000 } from './jobs/1764100000000-InitJobs';
import { JobsLocationSearch1764450000000 } from './jobs/1764450000000-JobsLocationSearch';
import { JobsVersion1764600000000 } from './jobs/1764600000000-JobsVersion';
import { JobsSeedScale1764650000000 } from './jobs/1764650000000-JobsSeedScale';
import { JobsEmployerRecent1764700000000 } from './jobs/1764700000000-JobsEmployerRecent';
import { InitNotifications1764100000000 } from './notifications/1764100000000-InitNotifications';
import { NotificationsArchive1764300000000 } from './notifications/1764300000000-NotificationsArchive';
import { NotificationsSeedScale1764650000000 } from './notifications/1764650000000-NotificationsSeedScale';
import { NotificationsParams1764720000000 } from './notifications/1764720000000-NotificationsParams';
import { OutboundMailSealedLinks1764800000000 } from './notifications/1764800000000-OutboundMailSealedLinks';

/**
 * Each service's migration classes, oldest first. Each schema has its own migrations table
 * (`<schema>.migrations`), so the services' histories are independent.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Record<ServiceName, Function[]> = {
  auth: [
    InitAuth1764100000000,
    CvUploadChunks1764200000000,
    UsersTokensValidAfter1764200000001,
    UsersLocale1764720000000,
    OutboxMailLinks1764800000000,
  ],
  jobs: [
    InitJobs1764100000000,
    JobsLocationSearch1764450000000,
    JobsVersion1764600000000,
    JobsSeedScale1764650000000,
    JobsEmployerRecent1764700000000,
  ],
  applications: [
    InitApplications1764100000000,
    JobsReadModel1764600000000,
    ApplicationsSeedScale1764650000000,
    ApplicationsSubmittedCv1764700000000,
  ],
  notifications: [
    InitNotifications1764100000000,
    NotificationsArchive1764300000000,
    NotificationsSeedScale1764650000000,
    NotificationsParams1764720000000,
    OutboundMailSealedLinks1764800000000,
  ],
};
