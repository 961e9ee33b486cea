import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicationStatus } from '@app/contracts';

/** applications.job_applications (see InitApplications): job and user ids belong to other services. */
@Entity({ schema: 'applications', name: 'job_applications' })
export class JobApplication {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ name: 'job_id', type: 'integer' }) jobId: number;
  @Column({ name: 'candidate_id', type: 'integer' }) candidateId: number;
  @Column({ name: 'employer_id', type: 'integer' }) employerId: number;
  @Column({ name: 'job_title', type: 'text' }) jobTitle: string;
  @Column({ name: 'company_name', type: 'text' }) companyName: string;
  @Column({ type: 'enum', enum: ['applied', 'viewed', 'shortlisted', 'interview', 'accepted', 'rejected', 'withdrawn'], enumName: 'application_status' })
  status: ApplicationStatus;
  @Column({ name: 'cover_letter', type: 'text', nullable: true }) coverLetter: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ name: 'applied_at', type: 'timestamptz' }) appliedAt: Date;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
