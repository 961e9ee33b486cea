/**
 * Who may call each operation of the gateway: the one table the access-control matrix is made from
 * (the test in test/e2e/access-control.e2e-spec.ts and the matrix in SECURITY.md). A new operation
 * fails that test until it is given an audience here.
 */
export type Audience =
  /** Anyone; a token is not even looked at. */
  | 'public'
  /** Anyone; a token, when sent, must be a live one (it personalises the answer). */
  | 'optional'
  /** Anyone, with the OAuth client secret (the web client's server): no user token is involved. */
  | 'oauth-client'
  /** Any signed-in, active user. */
  | 'signed-in'
  | 'candidate'
  | 'employer'
  | 'admin';

export const ACCESS: Readonly<Record<string, Audience>> = {
  'GET /api/ping': 'public',
  'GET /api/system/ping/{service}': 'public',
  'GET /api/stats/public': 'public',
  'GET /api/companies/all': 'public',
  'GET /api/jobs/stats/recent': 'public',
  'POST /api/auth/signup': 'public',
  'POST /api/auth/signin': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/signout': 'public',
  'POST /api/auth/forgot-password': 'public',
  'POST /api/auth/reset-password': 'public',
  'POST /api/auth/verify-email': 'public',
  'POST /api/auth/oauth/signin': 'oauth-client',
  'GET /api/jobs': 'optional',
  'GET /api/jobs/{id}': 'optional',

  'GET /api/auth/me': 'signed-in',
  'PATCH /api/auth/me': 'signed-in',
  'POST /api/auth/change-password': 'signed-in',
  'POST /api/auth/change-email': 'signed-in',
  'DELETE /api/auth/delete-account': 'signed-in',
  'POST /api/auth/signout-all': 'signed-in',
  'GET /api/dashboard': 'signed-in',
  'GET /api/dashboard/activities': 'signed-in',
  'GET /api/notifications': 'signed-in',
  'GET /api/notifications/unread-count': 'signed-in',
  'POST /api/notifications/stream-ticket': 'signed-in',
  'GET /api/notifications/stream': 'signed-in',
  'PUT /api/notifications/mark-all-read': 'signed-in',
  'PUT /api/notifications/{id}/read': 'signed-in',
  'DELETE /api/notifications/{id}': 'signed-in',

  'GET /api/candidates/profile': 'candidate',
  'PUT /api/candidates/profile': 'candidate',
  'POST /api/candidates/profile/experiences': 'candidate',
  'PUT /api/candidates/profile/experiences/{id}': 'candidate',
  'DELETE /api/candidates/profile/experiences/{id}': 'candidate',
  'POST /api/candidates/profile/education': 'candidate',
  'PUT /api/candidates/profile/education/{id}': 'candidate',
  'DELETE /api/candidates/profile/education/{id}': 'candidate',
  'POST /api/candidates/profile/skills': 'candidate',
  'PUT /api/candidates/profile/skills/{id}': 'candidate',
  'DELETE /api/candidates/profile/skills/{id}': 'candidate',
  'POST /api/candidates/cv': 'candidate',
  'GET /api/candidates/cv/download': 'candidate',
  'GET /api/candidates/cvs': 'candidate',
  'GET /api/candidates/cvs/{id}/download': 'candidate',
  'DELETE /api/candidates/cvs/{id}': 'candidate',
  'GET /api/applications/my/applications': 'candidate',
  'POST /api/applications/my/applications': 'candidate',
  'GET /api/applications/my/applications/{id}': 'candidate',
  'DELETE /api/applications/my/applications/{id}': 'candidate',

  'GET /api/employers/me': 'employer',
  'PUT /api/employers/me': 'employer',
  'POST /api/companies': 'employer',
  'GET /api/companies/my-company': 'employer',
  'PUT /api/companies/my-company': 'employer',
  'GET /api/companies/my-company/stats': 'employer',
  'GET /api/jobs/my-jobs': 'employer',
  'POST /api/jobs/create': 'employer',
  'PUT /api/jobs/{id}': 'employer',
  'DELETE /api/jobs/{id}': 'employer',
  'GET /api/applications/employer/applications': 'employer',
  'PUT /api/applications/employer/applications/{id}/status': 'employer',
  'PUT /api/applications/employer/applications/{id}/notes': 'employer',
  'GET /api/applications/employer/applications/{id}/cv': 'employer',

  'GET /api/admin/stats': 'admin',
  'GET /api/admin/users': 'admin',
  'GET /api/admin/employers': 'admin',
  'GET /api/admin/jobs': 'admin',
  'PUT /api/admin/jobs/{id}/featured': 'admin',
  'PUT /api/admin/users/{id}/activate': 'admin',
  'DELETE /api/admin/users/{id}': 'admin',
  'GET /api/admin/me': 'admin',
  'GET /api/admin/monitoring': 'admin',
  'GET /api/admin/events/parked': 'admin',
  'POST /api/admin/events/parked/{service}/{id}/replay': 'admin',
  'POST /api/admin/maintenance/run': 'admin',
};

/** The callers every operation is tried as. */
export const CALLERS = ['anonymous', 'candidate', 'employer', 'admin', 'deactivated'] as const;
export type Caller = (typeof CALLERS)[number];

export type Outcome = 'allowed' | '401' | '403';

/** What a caller gets from an operation of this audience: through (any answer but 401/403), or refused. */
export function expectedOutcome(audience: Audience, caller: Caller): Outcome {
  if (audience === 'public' || audience === 'oauth-client') return 'allowed';
  if (caller === 'anonymous') return audience === 'optional' ? 'allowed' : '401';
  // A deactivated user's token is refused wherever a token is read (AUTH.INACTIVE_USER).
  if (caller === 'deactivated') return '403';
  if (audience === 'optional' || audience === 'signed-in') return 'allowed';
  return audience === caller ? 'allowed' : '403';
}

const SYMBOL: Record<Outcome, string> = { allowed: '✓', '401': '401', '403': '403' };

/** The matrix as it stands in SECURITY.md (between its markers). */
export function accessMatrixMarkdown(): string {
  const lines = [`| operation | audience | ${CALLERS.join(' | ')} |`, `|---|---|${CALLERS.map(() => ':-:').join('|')}|`];
  for (const [operation, audience] of Object.entries(ACCESS)) {
    lines.push(`| \`${operation}\` | ${audience} | ${CALLERS.map((caller) => SYMBOL[expectedOutcome(audience, caller)]).join(' | ')} |`);
  }
  return lines.join('\n');
}

export const MATRIX_BEGIN = '<!-- access-matrix:begin (generated from test/support/access-control.ts) -->';
export const MATRIX_END = '<!-- access-matrix:end -->';
