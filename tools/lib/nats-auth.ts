import {
  AUTH_ADMIN_CREATE,
  AUTH_SIGNUP,
  AUTH_USERS_GET_MANY,
  EVENTS_STREAM,
  EVENTS_SUBJECT_PREFIX,
  NOTIFICATION_STREAM_PREFIX,
  natsInboxPrefix,
  ProcessName,
  SERVICE_NAMES,
  ServiceName,
} from '@app/contracts';
import { RATE_LIMIT_BUCKET } from '../../apps/gateway/src/auth/nats-kv-throttler.storage';

/**
 * Who may do what on NATS: the one table every nats-server configuration is generated from (`npm start`,
 * the test harness, ops/nats/nats.conf for docker compose). A process logs in as its own user
 * (NATS_USER, NATS_PASSWORD); anything else, an anonymous client included, is refused.
 */
export type NatsUserName = ProcessName | 'tools';

interface NatsAccess {
  /** The service whose requests it answers (subscribes `<service>.>`, may reply: allow_responses). */
  serves?: ServiceName;
  /** Subjects it sends requests to (wildcards allowed), and those it must not even so. */
  calls: string[];
  callsDenied?: string[];
  /** Publishes `events.<service>.>` to the events stream (its outbox relay). */
  publishesEventsOf?: ServiceName;
  /** Its JetStream durables on the events stream (`<service>-<name>`, see EventConsumers). */
  consumers?: string[];
  /** Core NATS subjects outside the above: live notification pushes. */
  publishes?: string[];
  subscribes?: string[];
  /** May ask JetStream for the account's info only (the launcher's check that JetStream is on). */
  jetStreamInfo?: boolean;
  /** JetStream key-value buckets it makes, reads and writes (the gateways' rate-limit counters). */
  keyValueBuckets?: string[];
}

const everyService = SERVICE_NAMES.map((service) => `${service}.>`);
const liveNotifications = `${NOTIFICATION_STREAM_PREFIX}.>`;

const NATS_ACCESS: Record<NatsUserName, NatsAccess> = {
  // The HTTP front calls every service, but neither creates administrators (the create-admin tool
  // does) nor pushes live notifications (it receives them).
  gateway: {
    calls: everyService,
    callsDenied: [AUTH_ADMIN_CREATE.subject, liveNotifications],
    subscribes: [liveNotifications],
    keyValueBuckets: [RATE_LIMIT_BUCKET],
  },
  auth: { serves: 'auth', calls: [], publishesEventsOf: 'auth' },
  jobs: { serves: 'jobs', calls: [], publishesEventsOf: 'jobs', consumers: ['applications-count', 'user-deleted'] },
  applications: {
    serves: 'applications',
    calls: [AUTH_USERS_GET_MANY.subject],
    publishesEventsOf: 'applications',
    consumers: ['cleanup', 'job-summaries'],
  },
  notifications: {
    serves: 'notifications',
    calls: [],
    publishesEventsOf: 'notifications',
    consumers: ['mail', 'notifier'],
    publishes: [liveNotifications],
  },
  // create-admin, demo-data and the launcher's JetStream check.
  tools: { calls: [AUTH_ADMIN_CREATE.subject, AUTH_SIGNUP.subject], jetStreamInfo: true },
};

export const NATS_USERS = Object.keys(NATS_ACCESS) as NatsUserName[];

/** The secret holding a user's password: `<USER>_NATS_PASSWORD` (in .data/secrets.env, compose's environment). */
export function natsPasswordVariable(user: string): string {
  return `${user.toUpperCase()}_NATS_PASSWORD`;
}

export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[] };
  allow_responses?: boolean;
}

/** What the JetStream side of the events machinery needs: the stream made or updated, and the user's own durables. */
function jetStreamSubjects(access: NatsAccess, service: ServiceName): string[] {
  const api = '$JS.API';
  const subjects = [`${api}.INFO`, ...['INFO', 'CREATE', 'UPDATE'].map((op) => `${api}.STREAM.${op}.${EVENTS_STREAM}`)];
  for (const name of access.consumers ?? []) {
    const durable = `${service}-${name}`;
    subjects.push(
      ...['INFO', 'DELETE', 'MSG.NEXT', 'CREATE'].map((op) => `${api}.CONSUMER.${op}.${EVENTS_STREAM}.${durable}`),
      // nats.js creates and updates a durable with its filter subject in the API subject.
      `${api}.CONSUMER.CREATE.${EVENTS_STREAM}.${durable}.>`,
      `$JS.ACK.${EVENTS_STREAM}.${durable}.>`,
    );
  }
  return subjects;
}

/** A key-value bucket is a stream `KV_<bucket>`: made or widened, read by direct or stream get, written on `$KV.<bucket>.<key>`. */
function keyValueSubjects(bucket: string): string[] {
  const api = '$JS.API';
  const stream = `KV_${bucket}`;
  return [
    `${api}.INFO`,
    ...['INFO', 'CREATE', 'UPDATE', 'MSG.GET'].map((op) => `${api}.STREAM.${op}.${stream}`),
    `${api}.DIRECT.GET.${stream}.>`,
    `$KV.${bucket}.>`,
  ];
}

/** A user's permissions, derived from its NATS_ACCESS row. */
export function natsPermissions(user: NatsUserName): NatsPermissions {
  const access = NATS_ACCESS[user];
  const publish = [...access.calls, ...(access.publishes ?? [])];
  const subscribe = [`${natsInboxPrefix(user)}.>`, ...(access.subscribes ?? [])];
  if (access.publishesEventsOf) publish.push(`${EVENTS_SUBJECT_PREFIX}${access.publishesEventsOf}.>`);
  if (access.serves) {
    subscribe.push(`${access.serves}.>`);
    publish.push(...jetStreamSubjects(access, access.serves));
  }
  if (access.jetStreamInfo) publish.push('$JS.API.INFO');
  for (const bucket of access.keyValueBuckets ?? []) publish.push(...keyValueSubjects(bucket));
  const permissions: NatsPermissions = { publish: { allow: [...new Set(publish)] }, subscribe: { allow: subscribe } };
  if (access.callsDenied?.length) permissions.publish.deny = access.callsDenied;
  if (access.serves) permissions.allow_responses = true;
  return permissions;
}

/** A user of the generated configuration: its password is either a literal or an environment reference. */
export interface NatsUserEntry {
  user: string;
  /** `{ value }`: written quoted; `{ env }`: written `$NAME`, which nats-server reads from its environment. */
  password: { value: string } | { env: string };
  /** Defaults to the NATS_ACCESS row of `user`; 'all' gives every permission (the test harness's own user only). */
  permissions?: NatsPermissions | 'all';
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function formatPermissions(p: NatsPermissions): string {
  const list = (subjects: string[]) => `[${subjects.map(quote).join(', ')}]`;
  const publish = `allow: ${list(p.publish.allow)}${p.publish.deny ? `, deny: ${list(p.publish.deny)}` : ''}`;
  return `{\n      publish: { ${publish} }\n      subscribe: { allow: ${list(p.subscribe.allow)} }${p.allow_responses ? '\n      allow_responses: true' : ''}\n    }`;
}

/**
 * The `authorization` block of a nats-server configuration: one user per entry, no `no_auth_user`, so
 * a client without valid credentials is refused.
 */
export function natsAuthorizationConfig(users: NatsUserEntry[]): string {
  const entries = users.map((entry) => {
    const password = 'env' in entry.password ? `$${entry.password.env}` : quote(entry.password.value);
    const permissions = entry.permissions ?? natsPermissions(entry.user as NatsUserName);
    const body = permissions === 'all' ? '' : `\n    permissions: ${formatPermissions(permissions)}`;
    return `  {\n    user: ${quote(entry.user)}\n    password: ${password}${body}\n  }`;
  });
  return `authorization {\n  users: [\n${entries.join('\n')}\n  ]\n}\n`;
}

/** Every process's user with the password given in `passwords` (keyed by `<USER>_NATS_PASSWORD`). */
export function natsUsersFrom(passwords: Record<string, string | undefined>): NatsUserEntry[] {
  return NATS_USERS.map((user) => {
    const value = passwords[natsPasswordVariable(user)];
    if (!value) throw new Error(`${natsPasswordVariable(user)} is not set: every NATS user needs its password`);
    return { user, password: { value } };
  });
}

/** A process's own NATS credentials, as its environment takes them. */
export function natsCredentialsEnv(
  user: NatsUserName,
  passwords: Record<string, string | undefined>,
): { NATS_USER: string; NATS_PASSWORD: string } {
  const password = passwords[natsPasswordVariable(user)];
  if (!password) throw new Error(`${natsPasswordVariable(user)} is not set`);
  return { NATS_USER: user, NATS_PASSWORD: password };
}
