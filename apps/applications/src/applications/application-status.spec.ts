import { APPLICATION_STATUSES } from '@app/contracts';
import { ALLOWED_TRANSITIONS, canTransition, canWithdraw } from './application-status';

describe('application status workflow', () => {
  it('moves forward along the documented steps', () => {
    expect(canTransition('applied', 'viewed')).toBe(true);
    expect(canTransition('applied', 'rejected')).toBe(true);
    expect(canTransition('viewed', 'interview')).toBe(true);
    expect(canTransition('shortlisted', 'accepted')).toBe(true);
    expect(canTransition('interview', 'accepted')).toBe(true);
  });

  it('refuses skipping to accepted, going back, and leaving a final status', () => {
    expect(canTransition('applied', 'accepted')).toBe(false);
    expect(canTransition('interview', 'viewed')).toBe(false);
    for (const to of APPLICATION_STATUSES) {
      expect(canTransition('accepted', to)).toBe(false);
      expect(canTransition('rejected', to)).toBe(false);
      expect(canTransition('withdrawn', to)).toBe(false);
    }
  });

  it('never lets an employer set withdrawn', () => {
    for (const from of APPLICATION_STATUSES) expect(ALLOWED_TRANSITIONS[from]).not.toContain('withdrawn');
  });

  it('lets a candidate withdraw only an open application', () => {
    expect(canWithdraw('applied')).toBe(true);
    expect(canWithdraw('interview')).toBe(true);
    expect(canWithdraw('accepted')).toBe(false);
    expect(canWithdraw('rejected')).toBe(false);
    expect(canWithdraw('withdrawn')).toBe(false);
  });
});
