import { resolve } from 'node:path';
import { MODULES, REGIONS, type ModuleId } from '@ph/contracts';
import { z } from 'zod';

/** The stores the BFF talks to: the partner-level directory and one per residency region. */
export const STORES = ['directory', ...REGIONS] as const;
export type StoreName = (typeof STORES)[number];

/** Where one store lives: a PostgreSQL URL or a SQLite file. */
export type DatabaseTarget = { driver: 'postgresql'; url: string } | { driver: 'sqlite'; file: string };

/** The validated configuration, read once at start-up. */
export interface AppConfig {
  port: number;
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  databases: Record<StoreName, DatabaseTarget>;
  /** Folder holding `shell/dist`, `mf-customers/dist`, … */
  staticRoot: string;
  /** mf-manifest.json URL per front-end module. */
  remoteEntries: Record<ModuleId, string>;
  remoteTimeoutMs: number;
  /** Days a generated report file is kept (REPORT_RETENTION_DAYS). */
  reportRetentionDays: number;
  demoSeed: boolean;
  /** Password of the demo users (only used by the demo seed). */
  demoPassword: string;
  /** Redis for rate limits shared by every replica; in-memory limits when unset. */
  redisUrl: string | null;
  /** The console's public origin (builds the OIDC redirect URL); derived from the request when unset. */
  publicUrl: string | null;
  /** OpenID Connect single sign-on; off when no issuer is set. */
  oidc: { issuer: string; clientId: string; clientSecret: string } | null;
  /** URL template of a customer's own console; `{orgId}` is replaced by the customer's org id ("Launch organisation"). */
  customerConsoleUrl: string;
  rateLimits: {
    /** Prefix of the limit keys in Redis (deployments or test runs sharing one Redis keep apart). */
    namespace: string;
    /** Sign-in attempts per account per 15 minutes. */
    signInPerAccount: number;
    /** Sign-in attempts per IP address per 15 minutes. */
    signInPerIp: number;
    /** GraphQL operations (each top-level field) per user per minute. */
    graphqlPerUser: number;
  };
  /** The Resources & help catalogue (YAML or JSON); re-read when the file changes. */
  resourcesCatalogue: string;
  /** How long a set-password link (invitation or reset) stays valid (PASSWORD_LINK_TTL_HOURS, default 7 days). */
  passwordLinkTtlHours: number;
  /** How often each replica sweeps the region stores' audit outboxes into the audit log (AUDIT_RELAY_INTERVAL_MS). */
  auditRelayIntervalMs: number;
  /** Where Partner Helpdesk requests go: e-mail over SMTP and/or a webhook; requests queue when neither is set. */
  helpdesk: {
    smtpUrl: string | null;
    emailTo: string | null;
    emailFrom: string;
    webhookUrl: string | null;
    /** How often the outbox worker looks for requests to deliver. */
    workerIntervalMs: number;
    /** First retry delay; doubles per attempt (at most an hour). */
    retryBaseMs: number;
    maxAttempts: number;
  };
}

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// dist/config/config.js and src/config/config.ts both sit three levels below the monorepo root.
const MONOREPO_ROOT = resolve(__dirname, '..', '..', '..');

const postgresUrl = z
  .url()
  .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL')
  .optional();
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL_DIRECTORY: postgresUrl,
  DATABASE_URL_US: postgresUrl,
  DATABASE_URL_CA: postgresUrl,
  DATABASE_URL_EU: postgresUrl,
  DATABASE_URL_AE: postgresUrl,
  STATIC_ROOT: z.string().min(1).optional(),
  REMOTE_CUSTOMERS_URL: z.string().min(1).optional(),
  REMOTE_ANALYTICS_URL: z.string().min(1).optional(),
  REMOTE_REPORTS_URL: z.string().min(1).optional(),
  REMOTE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  DEMO_SEED: bool,
  DEMO_PASSWORD: z.string().min(8).default('demo-partner-hub'),
  REDIS_URL: z
    .url()
    .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// URL')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_GRAPHQL_PER_USER: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_NAMESPACE: z.string().regex(/^[\w.-]{1,50}$/).default('ph'),
  RESOURCES_CATALOGUE: z.string().min(1).optional(),
  HELPDESK_SMTP_URL: z
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), 'must be an smtp:// or smtps:// URL')
    .optional(),
  HELPDESK_EMAIL_TO: z.email().optional(),
  HELPDESK_EMAIL_FROM: z.email().default('partner-hub@localhost'),
  HELPDESK_WEBHOOK_URL: z
    .url()
    .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
    .optional(),
  HELPDESK_WORKER_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  HELPDESK_RETRY_BASE_MS: z.coerce.number().int().positive().default(30000),
  HELPDESK_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  PASSWORD_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(7 * 24),
  AUDIT_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  CUSTOMER_CONSOLE_URL: z.string().regex(/^https?:\/\/\S*\{orgId\}\S*$/, 'must be an http(s) URL containing {orgId}').default('https://admin.example.com/org/{orgId}'),
})
  .refine((e) => !e.OIDC_ISSUER || (e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET), {
    message: 'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required with OIDC_ISSUER',
    path: ['OIDC_ISSUER'],
  })
  .refine((e) => !e.HELPDESK_SMTP_URL || e.HELPDESK_EMAIL_TO, {
    message: 'HELPDESK_EMAIL_TO is required with HELPDESK_SMTP_URL',
    path: ['HELPDESK_EMAIL_TO'],
  });

/** Validates the environment and turns it into an {@link AppConfig}; throws a {@link ConfigError} listing every problem. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(cwd, e.DATA_DIR);
  const storeUrl = (store: StoreName): string | undefined => e[`DATABASE_URL_${store.toUpperCase() as Uppercase<StoreName>}`];
  const databases = Object.fromEntries(
    STORES.map((store): [StoreName, DatabaseTarget] => {
      const url = storeUrl(store);
      const file = resolve(dataDir, store === 'directory' ? 'directory.sqlite' : `region-${store.toLowerCase()}.sqlite`);
      return [store, url ? { driver: 'postgresql', url } : { driver: 'sqlite', file }];
    }),
  ) as Record<StoreName, DatabaseTarget>;
  const remoteOverride: Record<ModuleId, string | undefined> = {
    customers: e.REMOTE_CUSTOMERS_URL,
    analytics: e.REMOTE_ANALYTICS_URL,
    reports: e.REMOTE_REPORTS_URL,
  };
  const remoteEntries = Object.fromEntries(
    MODULES.map((m) => [m.id, remoteOverride[m.id] ?? `/modules/${m.id}/mf-manifest.json`]),
  ) as Record<ModuleId, string>;
  return {
    port: e.PORT,
    host: e.HOST,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir,
    databases,
    staticRoot: resolve(cwd, e.STATIC_ROOT ?? MONOREPO_ROOT),
    remoteEntries,
    remoteTimeoutMs: e.REMOTE_TIMEOUT_MS,
    reportRetentionDays: e.REPORT_RETENTION_DAYS,
    demoSeed: e.DEMO_SEED,
    demoPassword: e.DEMO_PASSWORD,
    redisUrl: e.REDIS_URL ?? null,
    publicUrl: e.PUBLIC_URL ?? null,
    oidc: e.OIDC_ISSUER ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! } : null,
    customerConsoleUrl: e.CUSTOMER_CONSOLE_URL,
    rateLimits: {
      namespace: e.RATE_LIMIT_NAMESPACE,
      signInPerAccount: e.RATE_LIMIT_SIGN_IN_PER_ACCOUNT,
      signInPerIp: e.RATE_LIMIT_SIGN_IN_PER_IP,
      graphqlPerUser: e.RATE_LIMIT_GRAPHQL_PER_USER,
    },
    helpdesk: {
      smtpUrl: e.HELPDESK_SMTP_URL ?? null,
      emailTo: e.HELPDESK_EMAIL_TO ?? null,
      emailFrom: e.HELPDESK_EMAIL_FROM,
      webhookUrl: e.HELPDESK_WEBHOOK_URL ?? null,
      workerIntervalMs: e.HELPDESK_WORKER_INTERVAL_MS,
      retryBaseMs: e.HELPDESK_RETRY_BASE_MS,
      maxAttempts: e.HELPDESK_MAX_ATTEMPTS,
    },
    passwordLinkTtlHours: e.PASSWORD_LINK_TTL_HOURS,
    auditRelayIntervalMs: e.AUDIT_RELAY_INTERVAL_MS,
    resourcesCatalogue: e.RESOURCES_CATALOGUE ? resolve(cwd, e.RESOURCES_CATALOGUE) : resolve(MONOREPO_ROOT, 'bff', 'catalogue', 'resources.yaml'),
  };
}

/** Nest injection token for the {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
