import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository's data folder (git-ignored): the default home of the SQLite file. */
const defaultDataDir = fileURLToPath(new URL('../../../data', import.meta.url));
const defaultConsoleDir = fileURLToPath(new URL('../../admin/dist', import.meta.url));

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  INLET_DATA_DIR: z.string().default(defaultDataDir),
  DATABASE_URL: optionalString,
  INLET_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  INLET_CONSOLE_DIR: z.string().default(defaultConsoleDir),
  INLET_IP_ALLOWLIST_FILE: optionalString,
  INLET_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  INLET_ADMIN_PASSWORD: optionalString,
  INLET_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  INLET_ENCRYPTION_KEYS: optionalString,
  INLET_ENCRYPTION_KEYS_FILE: optionalString,
  INLET_ENCRYPTION_PRIMARY: optionalString,
  NODE_ENV: optionalString,
  INLET_ALLOW_PRIVATE_HOSTS: optionalString,
  INLET_DNS_SERVERS: optionalString,
  INLET_ISPDB_URL: optionalString,
  INLET_EXTRA_CA_FILE: optionalString,
  INLET_BCC_LOGGING_ADDRESS: optionalString,
  INLET_SYNC_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  INLET_UIDVALIDITY_REBUILDS_PER_HOUR: z.coerce.number().int().min(0).max(1000).default(3),
  INLET_SEND_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  INLET_SEND_LIMIT_PER_DAY: z.coerce.number().int().min(1).default(500),
  INLET_GOOGLE_CLIENT_ID: optionalString,
  INLET_GOOGLE_CLIENT_SECRET: optionalString,
  INLET_MICROSOFT_CLIENT_ID: optionalString,
  INLET_MICROSOFT_CLIENT_SECRET: optionalString,
  INLET_MICROSOFT_TENANT: optionalString,
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  INLET_REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, . _ - (1-64)')
    .default('inlet'),
  INLET_SYNC: z.enum(['embedded', 'off']).default('embedded'),
  INLET_SYNC_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
  INLET_SEND_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(300),
  INLET_WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INLET_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  INLET_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  INLET_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
  INLET_WEBHOOK_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  INLET_WORKER_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[\w.:-]{1,128}$/, 'letters, digits, . _ : - (1-128)')
      .optional(),
  ),
  INLET_INTROSPECTION: z.enum(['on', 'off']).optional(),
  INLET_SIGNIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  INLET_SIGNIN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(50),
  INLET_WS_MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(200),
  INLET_WS_ANONYMOUS_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface GatewayConfig {
  /** NODE_ENV=production. */
  production: boolean;
  host: string;
  port: number;
  /** postgres:// URL or SQLite file path. */
  databaseUrl: string;
  /** Origins allowed to open graphql-ws connections besides the gateway's own. */
  publicUrl: string | undefined;
  consoleDir: string;
  ipAllowlistFile: string | undefined;
  firstAdmin: { email: string; password: string } | undefined;
  sessionTtlHours: number;
  mailNetwork: {
    /** Operator allow-list: hosts, *.suffix, IPs or CIDRs that may be private (e.g. an internal mail server). */
    allowPrivateHosts: string[];
    /** DNS servers (ip or ip:port) for detection and connection checks; the system's when empty. */
    dnsServers: string[];
    /** ISPDB base URL; null turns the ISPDB lookup off. */
    ispdbUrl: string | null | undefined;
    /** PEM file of extra trusted CAs (a company's own CA). */
    extraCaFile: string | undefined;
    /** Where connection tests send the test email; {email} and {userId} are replaced. Default: the account itself. */
    bccLoggingAddress: string | undefined;
  };
  /** How far back a new connection's first sync reads (days). */
  syncWindowDays: number;
  /** Rebuilds of one folder a changed UIDVALIDITY may cause per hour before the folder is paused for an hour. */
  uidValidityRebuildsPerHour: number;
  /** Schema introspection and "Did you mean" suggestions in errors (HTTP and graphql-ws): off in production unless INLET_INTROSPECTION=on. */
  introspection: boolean;
  /** Failed sign-ins allowed per 15 minutes for one account (from any address) and from one client IP (for any account). */
  signInAttempts: { perAccount: number; perIp: number };
  /** Open graphql-ws sockets one client IP may hold. */
  wsMaxSocketsPerIp: number;
  /** How long a graphql-ws socket that is not signed in stays open after its last operation. */
  wsAnonymousIdleMs: number;
  /** Per-connection sending limits: per minute and per rolling 24 hours. */
  sendLimits: { perMinute: number; perDay: number };
  encryption: {
    /** Keyring text (`kid:base64,...`) from INLET_ENCRYPTION_KEYS, if set. */
    keys: string | undefined;
    keysFile: string | undefined;
    primary: string | undefined;
    /** Where the embedded default creates its key file when no keyring is configured. */
    defaultKeysFile: string;
    /** NODE_ENV=production: refuse to start without a configured keyring. */
    production: boolean;
  };
  /** OAuth apps from the environment (a super admin's setOAuthApp takes precedence). */
  oauth: {
    google: { clientId: string; clientSecret: string } | undefined;
    microsoft: { clientId: string; clientSecret: string } | undefined;
    /** Entra tenant for Microsoft sign-in: common (default), organizations, or a tenant id or domain. */
    microsoftTenant: string;
  };
  /** Scale-out: Redis carries events and sync commands between gateway replicas and sync workers. */
  redis: { url: string; prefix: string } | undefined;
  /** `embedded`: this gateway also runs sync and sending; `off`: `npm run worker` processes do. */
  syncMode: 'embedded' | 'off';
  /** How long a sync worker's claim on a connection lasts without renewal. */
  syncLeaseMs: number;
  /** Webhook deliveries: one attempt's timeout, the first retry's wait (doubling), attempts before parking, a claim's lease. */
  webhooks: { timeoutMs: number; retryBaseMs: number; maxAttempts: number; leaseMs: number };
  /** How long a worker owns an email it is sending: after a crash, the longest it stays SENDING. */
  sendLeaseMs: number;
  /** A sync worker's HTTP port for /healthz, /readyz and /metrics (none when unset). */
  workerPort: number | undefined;
  /** A stable sync identity (unique per running process); see engine/worker-id.ts. */
  workerId: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

/** Reads and validates the environment; the only place that touches process.env. */
/**
 * The configuration of `npm run create-admin`: the environment without the first-run admin variables
 * (they would create a second admin at start-up), and the password if the operator passed it there.
 */
export function loadCreateAdminConfig(): { config: GatewayConfig; password: string | undefined } {
  return {
    config: loadConfig({
      ...process.env,
      INLET_ADMIN_EMAIL: undefined,
      INLET_ADMIN_PASSWORD: undefined,
    }),
    password: process.env.INLET_ADMIN_PASSWORD || undefined,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  for (const p of ['GOOGLE', 'MICROSOFT'] as const) {
    if (Boolean(e[`INLET_${p}_CLIENT_ID`]) !== Boolean(e[`INLET_${p}_CLIENT_SECRET`])) {
      throw new Error(
        `Invalid configuration:\n  INLET_${p}_CLIENT_ID and INLET_${p}_CLIENT_SECRET must be set together`,
      );
    }
  }
  if (e.INLET_SYNC === 'off' && !e.REDIS_URL) {
    throw new Error(
      'Invalid configuration:\n  INLET_SYNC=off leaves syncing to `npm run worker` processes, which reach the gateway through Redis: set REDIS_URL',
    );
  }
  if (Boolean(e.INLET_ADMIN_EMAIL) !== Boolean(e.INLET_ADMIN_PASSWORD)) {
    throw new Error(
      'Invalid configuration:\n  INLET_ADMIN_EMAIL and INLET_ADMIN_PASSWORD must be set together',
    );
  }
  const production = e.NODE_ENV === 'production';
  return {
    production,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? `${e.INLET_DATA_DIR}/inlet.sqlite`,
    publicUrl: e.INLET_PUBLIC_URL,
    consoleDir: e.INLET_CONSOLE_DIR,
    ipAllowlistFile: e.INLET_IP_ALLOWLIST_FILE,
    firstAdmin:
      e.INLET_ADMIN_EMAIL && e.INLET_ADMIN_PASSWORD
        ? { email: e.INLET_ADMIN_EMAIL, password: e.INLET_ADMIN_PASSWORD }
        : undefined,
    sessionTtlHours: e.INLET_SESSION_TTL_HOURS,
    mailNetwork: {
      allowPrivateHosts: splitList(e.INLET_ALLOW_PRIVATE_HOSTS),
      dnsServers: splitList(e.INLET_DNS_SERVERS),
      ispdbUrl: e.INLET_ISPDB_URL === 'off' ? null : e.INLET_ISPDB_URL,
      extraCaFile: e.INLET_EXTRA_CA_FILE,
      bccLoggingAddress: e.INLET_BCC_LOGGING_ADDRESS,
    },
    syncWindowDays: e.INLET_SYNC_WINDOW_DAYS,
    uidValidityRebuildsPerHour: e.INLET_UIDVALIDITY_REBUILDS_PER_HOUR,
    introspection: e.INLET_INTROSPECTION ? e.INLET_INTROSPECTION === 'on' : !production,
    signInAttempts: {
      perAccount: e.INLET_SIGNIN_ATTEMPTS_PER_ACCOUNT,
      perIp: e.INLET_SIGNIN_ATTEMPTS_PER_IP,
    },
    wsMaxSocketsPerIp: e.INLET_WS_MAX_SOCKETS_PER_IP,
    wsAnonymousIdleMs: e.INLET_WS_ANONYMOUS_IDLE_SECONDS * 1000,
    sendLimits: { perMinute: e.INLET_SEND_LIMIT_PER_MINUTE, perDay: e.INLET_SEND_LIMIT_PER_DAY },
    encryption: {
      keys: e.INLET_ENCRYPTION_KEYS,
      keysFile: e.INLET_ENCRYPTION_KEYS_FILE,
      primary: e.INLET_ENCRYPTION_PRIMARY,
      defaultKeysFile: `${e.INLET_DATA_DIR}/keys/encryption.keys`,
      production,
    },
    oauth: {
      google:
        e.INLET_GOOGLE_CLIENT_ID && e.INLET_GOOGLE_CLIENT_SECRET
          ? { clientId: e.INLET_GOOGLE_CLIENT_ID, clientSecret: e.INLET_GOOGLE_CLIENT_SECRET }
          : undefined,
      microsoft:
        e.INLET_MICROSOFT_CLIENT_ID && e.INLET_MICROSOFT_CLIENT_SECRET
          ? { clientId: e.INLET_MICROSOFT_CLIENT_ID, clientSecret: e.INLET_MICROSOFT_CLIENT_SECRET }
          : undefined,
      microsoftTenant: e.INLET_MICROSOFT_TENANT ?? 'common',
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.INLET_REDIS_PREFIX } : undefined,
    syncMode: e.INLET_SYNC,
    syncLeaseMs: e.INLET_SYNC_LEASE_SECONDS * 1000,
    webhooks: {
      timeoutMs: e.INLET_WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.INLET_WEBHOOK_RETRY_BASE_MS,
      maxAttempts: e.INLET_WEBHOOK_MAX_ATTEMPTS,
      leaseMs: e.INLET_WEBHOOK_LEASE_SECONDS * 1000,
    },
    sendLeaseMs: e.INLET_SEND_LEASE_SECONDS * 1000,
    workerPort: e.INLET_WORKER_PORT,
    workerId: e.INLET_WORKER_ID,
    logLevel: e.LOG_LEVEL,
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
