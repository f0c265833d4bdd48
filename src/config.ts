import { isIP } from 'node:net';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/** Signs page cursors in development only: production refuses to start with it (see `loadConfig`). */
const DEVELOPMENT_CURSOR_SECRET = 'change-me-in-production-cursor-secret';

/** Every setting the service reads from its environment, with its default. */
const ConfigSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ default: 4, minimum: 1, maximum: 100 }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100 }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ default: 2000, minimum: 100 }),
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  DATABASE_HEALTH_CHECK_INTERVAL_MS: Type.Integer({ default: 5000, minimum: 0 }),
  DATABASE_PARALLEL_WORKERS: Type.Integer({ default: 0, minimum: 0, maximum: 64 }),
  DATABASE_SETTINGS: Type.Enum(['connection', 'role'], { default: 'connection' }),
  DATABASE_PREPARED_STATEMENTS: Type.Optional(Type.Boolean()),
  // Streaming replicas of DATABASE_URL (comma-separated) that serve reads; see docs/deploy.md.
  DATABASE_READ_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://[^,\\s]+(\\s*,\\s*postgres(ql)?://[^,\\s]+)*$' }),
  ),
  DATABASE_READ_MAX_LAG_MS: Type.Integer({ default: 10_000, minimum: 0 }),
  DATABASE_READ_CHECK_INTERVAL_MS: Type.Integer({ default: 1000, minimum: 100 }),
  // The primary without a transaction-pooling PgBouncer between: for LISTEN and the import's own session.
  DATABASE_DIRECT_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  RATE_LIMIT_STORE: Type.Enum(['auto', 'memory', 'postgres'], { default: 'auto' }),
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  EMBEDDED_FSYNC: Type.Boolean({ default: true }),
  EMBEDDED_UPKEEP_INTERVAL_MS: Type.Integer({ default: 30_000, minimum: 0 }),
  EVENT_PAGES_REFILL_INTERVAL_MS: Type.Integer({ default: 1000, minimum: 0 }),
  SEED_ON_EMPTY: Type.Boolean({ default: true }),
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  CURSOR_SECRET: Type.String({ default: DEVELOPMENT_CURSOR_SECRET, minLength: 16 }),
  CORS_ORIGINS: Type.String({ default: '*' }),
  READS_REQUIRE_KEY: Type.Boolean({ default: false }),
  TRUST_PROXY: Type.String({ default: 'false', minLength: 1 }),
  AUTH_FAILURES_PER_MINUTE: Type.Integer({ default: 30, minimum: 0 }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1_048_576, minimum: 1024 }),
  IMPORT_BODY_LIMIT_BYTES: Type.Integer({ default: 104_857_600, minimum: 1024 }),
  IMPORT_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 3_600_000, minimum: 1000 }),
  IMPORT_WAIT_MS: Type.Integer({ default: 30_000, minimum: 0 }),
  RATE_LIMIT_READS_PER_MINUTE: Type.Integer({ default: 600, minimum: 0 }),
  RATE_LIMIT_EXPORTS_PER_MINUTE: Type.Integer({ default: 30, minimum: 0 }),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 1000, minimum: 0 }),
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ default: 0.98, minimum: 0, maximum: 1 }),
  RATE_LIMIT_WRITES_PER_MINUTE: Type.Integer({ default: 120, minimum: 0 }),
  CHANGE_STREAMS_MAX: Type.Integer({ default: 100, minimum: 0 }),
  CHANGE_STREAM_HEARTBEAT_MS: Type.Integer({ default: 15_000, minimum: 100 }),
});

/** DATABASE_READ_URL's replicas, one URL each. */
export function readUrls(config: Pick<Config, 'DATABASE_READ_URL'>): string[] {
  return (config.DATABASE_READ_URL ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}

/**
 * Where a session that needs state of its own connects (LISTEN, the import's temporary tables): the primary
 * directly when DATABASE_URL goes through a transaction-pooling PgBouncer.
 */
export function directUrl(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_DIRECT_URL'>): string | undefined {
  return config.DATABASE_DIRECT_URL ?? config.DATABASE_URL;
}

/**
 * Which X-Forwarded-For hops to believe: none (`false`), all (`true`: any client can then choose its own
 * address), the last N (a hop count), or those sent by the listed proxy addresses and CIDR ranges.
 */
export type TrustProxy = boolean | number | string[];

export type Config = Readonly<Omit<Static<typeof ConfigSchema>, 'TRUST_PROXY'> & { TRUST_PROXY: TrustProxy }>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment into one validated, frozen config; a bad value names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(ConfigSchema.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const byName = new Map<string, string>();
    for (const e of errors) {
      const name = e.instancePath.replace(/^\//, '');
      if (!byName.has(name)) byName.set(name, `  ${name}=${JSON.stringify(raw[name] ?? '')}: ${e.message}`);
    }
    const lines = [...byName.values()];
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nFix these environment variables (see the README's configuration table) and start again.`,
    );
  }
  const config = withDefaults as Static<typeof ConfigSchema>;
  const problems: string[] = [];
  const trustProxy = parseTrustProxy(config.TRUST_PROXY);
  if (typeof trustProxy === 'string')
    problems.push(`  TRUST_PROXY=${JSON.stringify(raw.TRUST_PROXY)}: ${trustProxy}`);
  if (!config.DATABASE_URL) {
    for (const name of ['DATABASE_READ_URL', 'DATABASE_DIRECT_URL'] as const) {
      if (config[name]) {
        problems.push(
          `  ${name} is set without DATABASE_URL: it belongs to server PostgreSQL (the embedded database has no replicas); set DATABASE_URL to the primary, or unset ${name}`,
        );
      }
    }
    if (config.RATE_LIMIT_STORE === 'postgres') {
      problems.push(
        '  RATE_LIMIT_STORE=postgres needs DATABASE_URL: the embedded database serves one process, which counts in memory; unset RATE_LIMIT_STORE or set DATABASE_URL',
      );
    }
  }
  if (env.NODE_ENV === 'production') {
    // A secret with a development default is public knowledge: production must bring its own.
    if (raw.CURSOR_SECRET === undefined || config.CURSOR_SECRET === DEVELOPMENT_CURSOR_SECRET) {
      problems.push(
        '  CURSOR_SECRET is not set: with NODE_ENV=production the development default would let anyone forge page cursors; set it to a random value of at least 16 characters (e.g. `openssl rand -hex 32`), the same on every instance',
      );
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${problems.join('\n')}\nFix these environment variables (see the README's configuration table) and start again.`,
    );
  }
  return Object.freeze({ ...config, TRUST_PROXY: trustProxy as TrustProxy });
}

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** `TRUST_PROXY`'s value, or a string saying what is wrong with it. */
function parseTrustProxy(value: string): TrustProxy | string {
  const text = value.trim().toLowerCase();
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 100 ? hops : 'a hop count is at most 100';
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) {
    return `give true, false, a hop count, or a comma list of proxy addresses, CIDR ranges or ${PROXY_RANGE_NAMES.join('/')}; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Fastify's `trustProxy` for a setting. A hop count becomes a function: Fastify 5 ignores a number (it
 * cannot check the immediate peer), so `N` here means "the last N hops are ours", as in Express.
 */
export function trustProxyOption(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return setting === 0 ? false : (_address, hop) => hop < setting;
  return setting;
}

/**
 * Takes ADMIN_KEY out of the environment: the token of an admin key the operator made with
 * `npm run -s keys -- generate`. The server stores its hash at start and keeps the token nowhere — not in the
 * config, not in the environment of anything it starts — so it cannot end up in a log or a dump.
 */
export function takeAdminKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env.ADMIN_KEY?.trim();
  delete env.ADMIN_KEY;
  if (!token) return undefined;
  if (!/^dtl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/.test(token)) {
    throw new ConfigError(
      "Invalid configuration:\n  ADMIN_KEY: not a key of this API (dtl_ then 12 hex digits, _ and 43 characters); make one with `npm run -s keys -- generate`\nFix these environment variables (see the README's configuration table) and start again.",
    );
  }
  return token;
}
