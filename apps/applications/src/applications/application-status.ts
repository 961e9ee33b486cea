import { ApplicationStatus } from '@app/contracts';

/**
 * The employer's workflow. accepted, rejected and withdrawn are final; withdrawn is the candidate's
 * own move (DELETE /my/applications/{id}), never an employer's.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  applied: ['viewed', 'shortlisted', 'interview', 'rejected'],
  viewed: ['shortlisted', 'interview', 'rejected'],
  shortlisted: ['interview', 'rejected', 'accepted'],
  interview: ['accepted', 'rejected'],
  accepted: [],
  rejected: [],
  withdrawn: [],
};

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** A candidate may withdraw while the application is still open. */
export function canWithdraw(status: ApplicationStatus): boolean {
  return !['accepted', 'rejected', 'withdrawn'].includes(status);
}
