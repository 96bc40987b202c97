import { z } from 'zod';

/**
 * One schema over the environment. Every variable is documented here and in the README's
 * configuration table; a bad value stops start-up with one line naming the variable.
 */
const DEFAULT_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production-000';
const DEFAULT_SESSION_SECRET = 'dev-only-session-secret-change-me-in-production';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL connection string; without it an embedded database runs under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis connection string; without it sessions live in PostgreSQL and rate limits in memory. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
  /** Prefix of every Redis key, so several deployments (or test files) can share one Redis. */
  REDIS_PREFIX: z.string().default('scriptorium:'),
  /** Where the embedded database, mail files and uploads live. */
  DATA_DIR: z.string().default('var'),
  /** SMTP connection string (smtp://user:pass@host:port); without it mail is written to DATA_DIR/mail. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().default('Scriptorium <no-reply@scriptorium.test>'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEFAULT_JWT_SECRET),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEFAULT_SESSION_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Seed demo data on the first start on an empty database (never in production). */
  SEED_DEMO: bool.default(true),
  /** Run Agenda workers inside `npm start` as well as the API. */
  RUN_WORKER: bool.default(true),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('100kb'),
  TRUST_PROXY: z.string().default('loopback'),
  /** Public base URL used in emails when a website has no primary https domain. */
  PUBLIC_URL: z.url().optional(),
  /**
   * Extra browser origins (comma-separated, e.g. a portal dev server http://localhost:5173) that
   * may call the API, each only for the website whose domain it names. Besides these, a website's
   * own domains are admitted: over https in production, else over http on PORT.
   */
  CORS_ORIGINS: z
    .string()
    .refine((value) => value.split(',').every((item) => !item.trim() || /^https?:\/\/[^/?#\s]+\/?$/i.test(item.trim())), {
      message: 'must be comma-separated origins such as http://localhost:5173',
    })
    .optional(),
  RATE_LIMIT_LOGIN_PER_15_MIN: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_REGISTER_PER_HOUR: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_RESET_PER_HOUR: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: z.coerce.number().int().min(1).default(20),
  /** Public quotes per client IP and website. */
  RATE_LIMIT_QUOTE_PER_MIN: z.coerce.number().int().min(1).default(120),
  /** Discount-code checks per client IP and website (codes are guessable). */
  RATE_LIMIT_DISCOUNT_VALIDATE_PER_MIN: z.coerce.number().int().min(1).default(30),
  /** Wrong passwords from one IP on one account before that IP is refused for that account (accounts are never locked). */
  SIGNIN_THROTTLE_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** How long that first refusal lasts; each further failure doubles it (at most a day). */
  SIGNIN_THROTTLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Distinct IPs failing on one account within an hour that pause its sign-ins from unknown IPs (reset by email still works). */
  SIGNIN_ATTACK_IPS: z.coerce.number().int().min(2).max(10_000).default(10),
  /**
   * S3-compatible object storage for uploads; without S3_BUCKET files live under DATA_DIR/uploads.
   * S3_ENDPOINT points at a non-AWS store (MinIO, R2, s3rver), which usually needs S3_FORCE_PATH_STYLE.
   */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style addressing (bucket in the path, not the host name): needed by most non-AWS stores. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Lifetime of a signed download URL (local or S3 presigned). */
  FILE_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /**
   * Days a deleted order file's object stays in storage (staff may still inspect it in a dispute)
   * before the daily orders.purge-deleted-files job removes it; the file's row stays, marked purged.
   */
  FILE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** Hard ceiling of one upload in bytes, whatever a website's own limit says. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(1_073_741_824).default(104_857_600),
  /** Stripe secret key (sk_… or a restricted rk_…); without it card payment is offered nowhere. */
  STRIPE_SECRET_KEY: z.string().optional(),
  /** Signing secret of the webhook endpoint (whsec_…); without it webhooks are refused. */
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Another Stripe API address (a local fake in tests): scheme, host and port are used. */
  STRIPE_API_BASE: z.url().optional(),
  /** Timeout of one Stripe API call; the SDK's own default (80 s) would hold a request far too long. */
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** Automatic retries of a Stripe call after a network error or a retryable answer (same idempotency key). */
  STRIPE_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /**
   * Age after which a card payment still open (pending, or failed and retryable) is settled by the
   * payments.card-cleanup job: recorded as Stripe has it, or its intent cancelled at Stripe. Not
   * below 15 minutes: Stripe's search, which finds an intent whose creation answer was lost, lags.
   */
  CARD_PAYMENT_ABANDON_AFTER_MINUTES: z.coerce.number().int().min(15).max(43_200).default(1_440),
  /**
   * How long a running job's lock holds before another worker may take the job over: a killed
   * worker's job re-runs after it. A job running longer must call job.touch() (tests shorten it).
   */
  JOB_LOCK_LIFETIME_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Says what a variable must be, for the issues whose schema carries no message of its own. */
function mustBe(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : `must be a ${issue.expected}`;
    case 'too_small':
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : undefined;
    default:
      return undefined;
  }
}

/** The offending value for the message, never a secret: secrets are hidden and URL passwords masked. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/SECRET|KEY|PASSWORD/.test(name)) return '';
  let shown = value;
  try {
    const url = new URL(value);
    if (url.password) {
      url.password = '***';
      shown = url.toString();
    }
  } catch {
    // not a URL: shown as given
  }
  return ` (got "${shown}")`;
}

/** Parses an environment into a Config, or throws a ConfigError whose message is one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned, { error: mustBe });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `Invalid configuration: ${name} ${issue.message}${shownValue(name, cleaned[name])}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const config = result.data;
  if (config.NODE_ENV === 'production') {
    const problems: string[] = [];
    if (!config.DATABASE_URL) problems.push('DATABASE_URL is required in production (the embedded database is for development)');
    if (config.JWT_SECRET === DEFAULT_JWT_SECRET) problems.push('JWT_SECRET must be set to a secret of your own in production');
    if (config.SESSION_SECRET === DEFAULT_SESSION_SECRET) problems.push('SESSION_SECRET must be set to a secret of your own in production');
    if (problems.length) throw new ConfigError(problems.map((p) => `Invalid configuration: ${p}`).join('\n'));
  }
  return config;
}

export function loadConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return parseConfig({ ...process.env, ...overrides });
}
