import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationType } from '@app/contracts';

/** notifications.notifications (see InitNotifications): user and related ids belong to other services. */
@Entity({ schema: 'notifications', name: 'notifications' })
export class Notification {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' }) id: string;
  @Column({ name: 'user_id', type: 'integer' }) userId: number;
  @Column({ type: 'enum', enum: ['new_application', 'status_change', 'new_job', 'message', 'system'], enumName: 'notification_type' })
  type: NotificationType;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) message: string;
  @Column({ name: 'related_job_id', type: 'integer', nullable: true }) relatedJobId: number | null;
  @Column({ name: 'related_application_id', type: 'integer', nullable: true }) relatedApplicationId: number | null;
  @Column({ name: 'is_read', type: 'boolean' }) isRead: boolean;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
