import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationType } from '@app/contracts';

/** notifications.notifications (see InitNotifications): user and related ids belong to other services. */
@Entity({ schema: 'notifications', name: 'notifications' })
export class Notification {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' }) id: string;
  @Column({ name: 'user_id', type: 'integer' }) userId: number;
  @Column({ type: 'enum', enum: ['new_application', 'status_change', 'new_job', 'message', 'system'], enumName: 'notification_type' })
  type: NotificationType;
  /** Parameters of the type's message, rendered in the reader's language (null: a row written before, see title/message). */
  @Column({ type: 'jsonb', nullable: true }) params: Record<string, string | number> | null;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column({ type: 'text', nullable: true }) message: string | null;
  @Column({ name: 'related_job_id', type: 'integer', nullable: true }) relatedJobId: number | null;
  @Column({ name: 'related_application_id', type: 'integer', nullable: true }) relatedApplicationId: number | null;
  @Column({ name: 'is_read', type: 'boolean' }) isRead: boolean;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
