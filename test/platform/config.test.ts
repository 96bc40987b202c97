import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, parseConfig } from '../../config/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** The message parseConfig throws for `env`, or fails the test when it accepts it. */
function rejection(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('runs with no environment at all on documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      DATA_DIR: 'var',
      DATABASE_POOL_MAX: 10,
      REDIS_PREFIX: 'scriptorium:',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_DAYS: 30,
      SEED_DEMO: true,
      RUN_WORKER: true,
      BODY_LIMIT: '100kb',
      SIGNIN_THROTTLE_FAILURES: 5,
      SIGNIN_THROTTLE_MINUTES: 15,
      SIGNIN_ATTACK_IPS: 10,
    });
    // Without these the embedded database, in-database sessions and mail files are used.
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it('parses numbers and booleans from strings', () => {
    const config = parseConfig({ PORT: '8080', SEED_DEMO: 'no', RUN_WORKER: '1', DATABASE_POOL_MAX: '20' });
    expect(config).toMatchObject({ PORT: 8080, SEED_DEMO: false, RUN_WORKER: true, DATABASE_POOL_MAX: 20 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a number (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be at most 65535'],
    [{ PORT: '80.5' }, 'PORT must be a whole number'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a postgres:// URL'],
    [{ DATABASE_URL: 'mysql://127.0.0.1/db' }, 'DATABASE_URL must be a postgres:// URL'],
    [{ REDIS_URL: '127.0.0.1:6379' }, 'REDIS_URL must be a redis:// URL'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET must be at least 32 characters'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, test, production'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO must be one of'],
    [{ BODY_LIMIT: 'huge' }, 'BODY_LIMIT must look like 100kb or 1mb'],
  ])('rejects %j with one line naming the variable', (env, expected) => {
    const message = rejection(env);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`Invalid configuration: ${expected}`);
  });

  it('names every bad variable, one line each', () => {
    const lines = rejection({ PORT: 'abc', DATABASE_URL: 'nope' }).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.includes('PORT'))).toBe(true);
    expect(lines.some((l) => l.includes('DATABASE_URL'))).toBe(true);
  });

  it('never echoes a secret or a URL password in its message', () => {
    expect(rejection({ JWT_SECRET: 'hunter2-hunter2' })).not.toContain('hunter2');
    expect(rejection({ DATABASE_URL: 'mysql://app:s3cret-pw@db/app' })).not.toContain('s3cret-pw');
  });

  describe('in production', () => {
    const secrets = { JWT_SECRET: 'j'.repeat(40), SESSION_SECRET: 's'.repeat(40) };
    const database = { DATABASE_URL: 'postgres://app@db.internal:5432/scriptorium' };

    it('refuses to start without DATABASE_URL', () => {
      const message = rejection({ NODE_ENV: 'production', ...secrets });
      expect(message).toBe('Invalid configuration: DATABASE_URL is required in production (the embedded database is for development)');
    });

    it('refuses the default secrets, naming each', () => {
      const message = rejection({ NODE_ENV: 'production', ...database });
      expect(message.split('\n')).toEqual([
        'Invalid configuration: JWT_SECRET must be set to a secret of your own in production',
        'Invalid configuration: SESSION_SECRET must be set to a secret of your own in production',
      ]);
      expect(rejection({ NODE_ENV: 'production', ...database, JWT_SECRET: secrets.JWT_SECRET })).toContain('SESSION_SECRET');
    });

    it('starts with its own secrets and a database', () => {
      expect(parseConfig({ NODE_ENV: 'production', ...database, ...secrets }).NODE_ENV).toBe('production');
    });
  });

  it('documents every variable in the schema (each has a default or is optional)', () => {
    for (const [name, schema] of Object.entries(configSchema.shape)) {
      expect(schema.safeParse(undefined).success, `${name} needs a default or .optional()`).toBe(true);
    }
  });

  it('stops `start` with exit code 1 and one line naming PORT when PORT is bad', () => {
    const child = spawnSync(tsx, ['src/main.ts', 'start'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 80_000,
    });
    expect(child.status).toBe(1);
    expect(child.stderr.trim()).toBe('Invalid configuration: PORT must be a number (got "abc")');
    expect(child.stdout.trim()).toBe('');
  }, 90_000);
});
