import 'reflect-metadata';
import { eventually, TestSystem } from '../support/test-system';
import { PASSWORD, recordedMail, uniqueEmail } from './auth-helpers';
import { Fixtures, TestUser } from './applications-fixtures';
import { openNotificationStream } from '../support/sse';

const NBSP = '\u00a0';

/** Issue 14: the user's language (fr by default, en on request) in every text the backend writes for them. */
describe('i18n: the user’s language', () => {
  let system: TestSystem;
  let fx: Fixtures;

  beforeAll(async () => {
    system = await TestSystem.start('i18n', { DB_MAINTENANCE_INTERVAL_S: '0' });
    fx = new Fixtures(system);
  });

  afterAll(async () => {
    controller.abort();
    await fx?.close();
    await system?.stop();
  });

  const signup = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    system.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail('lang'), password: PASSWORD, first_name: 'Ada', last_name: 'Lovelace', role: 'candidate', ...body },
      headers,
    });
  const me = async (token: string) => (await system.request('GET', '/api/auth/me', { token })).body;
  const setLocale = (token: string, locale: unknown) => system.request('PATCH', '/api/auth/me', { token, body: { locale } });

  it('is French by default, else the sign-up field, else Accept-Language; GET /me shows it and PATCH /me changes it', async () => {
    const plain = await signup({});
    expect(plain.status).toBe(201);
    expect(await me(plain.body.access_token)).toMatchObject({ id: plain.body.user.id, locale: 'fr' });

    const browser = await signup({}, { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' });
    expect((await me(browser.body.access_token)).locale).toBe('en');
    const chosen = await signup({ locale: 'fr' }, { 'accept-language': 'en' });
    expect((await me(chosen.body.access_token)).locale).toBe('fr');
    const refused = await signup({ locale: 'de' });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'locale'] })], code: 'VALIDATION_FAILED' });

    const token = plain.body.access_token;
    const patched = await setLocale(token, 'en');
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: plain.body.user.id, email: plain.body.user.email, role: 'candidate', locale: 'en' });
    expect((await me(token)).locale).toBe('en');
    expect((await system.request('PATCH', '/api/auth/me', { token, body: {} })).body.locale).toBe('en');
    for (const wrong of ['EN', null, 7]) {
      const bad = await setLocale(token, wrong);
      expect({ wrong, status: bad.status, code: bad.body.code }).toEqual({ wrong, status: 422, code: 'VALIDATION_FAILED' });
    }
    expect((await me(token)).locale).toBe('en');
    expect((await system.request('PATCH', '/api/auth/me', { body: { locale: 'en' } })).status).toBe(401);
  });

  it('writes e-mails in the recipient’s language', async () => {
    const mailOf = async (to: string, kind: string) => (await eventually(() => recordedMail(system, to, kind), 20000))!;
    const fr = await signup({ locale: 'fr' });
    const en = await signup({ locale: 'en' });
    const frMail = await mailOf(fr.body.user.email, 'email_verification');
    expect(frMail.subject).toBe('Confirmez votre adresse e-mail sur IntoWork');
    expect(frMail.body_text).toMatch(
      /^Bienvenue sur IntoWork\u202f!\n\nConfirmez votre adresse e-mail en ouvrant ce lien\u202f:\nhttp.*verify-email\?token=/,
    );
    expect(frMail.body_text).toContain(`24${NBSP}heures`);
    const enMail = await mailOf(en.body.user.email, 'email_verification');
    expect(enMail.subject).toBe('Confirm your e-mail address for IntoWork');
    expect(enMail.body_text).toMatch(/^Welcome to IntoWork\.\n\nConfirm your e-mail address by opening:\nhttp.*verify-email\?token=/);

    // The mail follows the account's language; the answer to the request follows the request's.
    const forgotEn = await system.request('POST', '/api/auth/forgot-password', {
      body: { email: en.body.user.email },
      headers: { 'accept-language': 'fr' },
    });
    expect(forgotEn.body).toEqual({
      message: 'Si un compte existe pour cette adresse, un lien de réinitialisation vient d’y être envoyé.',
    });
    expect((await mailOf(en.body.user.email, 'password_reset')).subject).toBe('Reset your IntoWork password');
    const forgotFr = await system.request('POST', '/api/auth/forgot-password', {
      body: { email: fr.body.user.email },
      headers: { 'accept-language': 'en' },
    });
    expect(forgotFr.body).toEqual({ message: 'If an account exists for this e-mail, a reset link has been sent.' });
    expect((await mailOf(fr.body.user.email, 'password_reset')).subject).toBe('Réinitialisez votre mot de passe IntoWork');
  });

  it('error details follow Accept-Language, else the user’s language, else French; codes, statuses and validation lists do not change', async () => {
    const signin = (headers: Record<string, string> = {}) =>
      system.request('POST', '/api/auth/signin', { body: { email: uniqueEmail('nobody'), password: PASSWORD }, headers });
    expect(await signin()).toMatchObject({
      status: 401,
      body: { detail: 'Adresse e-mail ou mot de passe incorrect.', code: 'AUTH.INVALID_CREDENTIALS' },
    });
    expect(await signin({ 'accept-language': 'en-US,en;q=0.9' })).toMatchObject({
      status: 401,
      body: { detail: 'Incorrect e-mail or password.', code: 'AUTH.INVALID_CREDENTIALS' },
    });

    const weak = await signup({ password: 'short' }, { 'accept-language': 'en' });
    expect(weak.body).toEqual({
      detail: 'Password needs at least 12 characters, an upper-case letter, a digit, and one of !@#$%^&*()_+-=[]{}|;:,.<>?.',
      code: 'AUTH.WEAK_PASSWORD',
    });
    const faible = await signup({ password: 'short' });
    expect(faible.body.detail).toBe(
      'Le mot de passe doit contenir au moins 12\u00a0caractères, une lettre majuscule, un chiffre et un caractère spécial parmi !@#$%^&*()_+-=[]{}|;:,.<>?.',
    );

    const english = await fx.user('candidate');
    await setLocale(english.token, 'en');
    const missing = (headers: Record<string, string> = {}) =>
      system.request('DELETE', '/api/notifications/2147483000', { token: english.token, headers });
    expect(await missing()).toMatchObject({ status: 404, body: { detail: 'Notification not found.', code: 'NOTIFICATIONS.NOT_FOUND' } });
    expect(await missing({ 'accept-language': 'fr-CA' })).toMatchObject({
      status: 404,
      body: { detail: 'Notification introuvable.', code: 'NOTIFICATIONS.NOT_FOUND' },
    });
    // A parameterised message: the transition names both statuses in the reader's language.
    const employer = await fx.user('employer');
    const job = await fx.job(employer.id, 'Traducteur');
    const applied = await system.request('POST', '/api/applications/my/applications', { token: english.token, body: { job_id: job } });
    const withdraw = () => system.request('DELETE', `/api/applications/my/applications/${applied.body.id}`, { token: english.token });
    // A success's message is written the same way (the service's key, rendered by the gateway, then dropped).
    expect((await withdraw()).body).toEqual({ message: 'Application withdrawn.' });
    expect((await withdraw()).body).toEqual({ detail: 'Application already withdrawn.', code: 'APPLICATIONS.ALREADY_WITHDRAWN' });
    const move = await system.request('PUT', `/api/applications/employer/applications/${applied.body.id}/status`, {
      token: employer.token,
      body: { status: 'accepted' },
    });
    expect(move.body).toEqual({
      detail: `Impossible de passer une candidature du statut «${NBSP}retirée${NBSP}» au statut «${NBSP}acceptée${NBSP}».`,
      code: 'APPLICATIONS.INVALID_TRANSITION',
    });

    const shape = await system.request('GET', '/api/notifications?limit=0', { token: english.token, headers: { 'accept-language': 'fr' } });
    expect(shape.status).toBe(422);
    expect(shape.body).toEqual({ detail: [expect.objectContaining({ loc: ['query', 'limit'] })], code: 'VALIDATION_FAILED' });
    expect((await system.request('GET', '/api/dashboard', { headers: { 'accept-language': 'en' } })).body).toEqual({
      detail: 'Not authenticated.',
      code: 'UNAUTHORIZED',
    });
  });

  it('renders a notification when it is read: the same one in French, then in English after the reader changed language, and live', async () => {
    const boss = await fx.user('employer', 'Nina', 'Boss');
    const job = await fx.job(boss.id, 'Développeuse « full stack »');
    const first = await fx.user('candidate', 'Élodie', 'Martin');
    expect((await system.request('POST', '/api/applications/my/applications', { token: first.token, body: { job_id: job } })).status).toBe(
      201,
    );
    const list = (user: TestUser) => system.request('GET', '/api/notifications', { token: user.token }).then((r) => r.body);
    const fr = await eventually(async () => ((await list(boss)).total === 1 ? list(boss) : undefined), 20000);
    const french = fr.notifications[0];
    expect(french).toMatchObject({
      type: 'new_application',
      title: 'Nouvelle candidature reçue',
      message: `Élodie Martin a postulé à votre offre «${NBSP}Développeuse « full stack »${NBSP}».`,
      related_job_id: job,
    });

    expect((await setLocale(boss.token, 'en')).status).toBe(200);
    const en = await list(boss);
    expect(en.notifications).toEqual([
      { ...french, title: 'New application received', message: 'Élodie Martin applied to your job "Développeuse « full stack »".' },
    ]);

    // The live stream writes in the reader's language too.
    controller = new AbortController();
    const { events } = await openNotificationStream(system, { token: boss.token }, controller);
    const second = await fx.user('candidate', 'Sam', 'Smith');
    const application = await system.request('POST', '/api/applications/my/applications', { token: second.token, body: { job_id: job } });
    expect(application.status).toBe(201);
    const pushed = (await events.next()).value;
    expect(pushed).toMatchObject({
      type: 'notification',
      data: {
        type: 'new_application',
        title: 'New application received',
        message: expect.stringContaining('Sam Smith applied'),
        unread_count: 2,
      },
    });
    controller.abort();

    // The candidate (French) reads the status change in French.
    expect(
      (
        await system.request('PUT', `/api/applications/employer/applications/${application.body.id}/status`, {
          token: boss.token,
          body: { status: 'interview' },
        })
      ).status,
    ).toBe(200);
    const change = await eventually(async () => (await list(second)).notifications[0], 20000);
    expect(change).toMatchObject({
      type: 'status_change',
      title: 'Votre candidature a évolué',
      message: `Votre candidature à l’offre «${NBSP}Développeuse « full stack »${NBSP}» passe à l’étape de l’entretien.`,
    });
    await setLocale(second.token, 'en');
    expect((await list(second)).notifications[0]).toMatchObject({
      title: 'Application status updated',
      message: 'Your application to "Développeuse « full stack »" was moved to the interview stage.',
    });
  });

  it('shows a notification stored as text before (not parsed back into parameters) as it was written', async () => {
    const user = await fx.user('candidate');
    await fx.db.query(
      `INSERT INTO notifications.notifications (user_id, type, title, message) VALUES ($1, 'system', 'Maintenance', 'Ce soir à 22 h.')`,
      [user.id],
    );
    const body = (await system.request('GET', '/api/notifications', { token: user.token })).body;
    expect(body.notifications).toEqual([expect.objectContaining({ type: 'system', title: 'Maintenance', message: 'Ce soir à 22 h.' })]);
  });
});

let controller = new AbortController();
