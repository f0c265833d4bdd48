import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

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
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  SEED_ON_EMPTY: Type.Boolean({ default: true }),
  PUBLIC_BASE_URL: Type.String({ default: 'http://localhost:3000', pattern: '^https?://' }),
  CURSOR_SECRET: Type.String({ default: 'change-me-in-production-cursor-secret', minLength: 16 }),
  CORS_ORIGINS: Type.String({ default: '*' }),
  READS_REQUIRE_KEY: Type.Boolean({ default: false }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1_048_576, minimum: 1024 }),
  IMPORT_BODY_LIMIT_BYTES: Type.Integer({ default: 104_857_600, minimum: 1024 }),
  IMPORT_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 600_000, minimum: 1000 }),
  IMPORT_WAIT_MS: Type.Integer({ default: 30_000, minimum: 0 }),
  RATE_LIMIT_READS_PER_MINUTE: Type.Integer({ default: 600, minimum: 0 }),
  RATE_LIMIT_EXPORTS_PER_MINUTE: Type.Integer({ default: 30, minimum: 0 }),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 1000, minimum: 0 }),
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ default: 0.98, minimum: 0, maximum: 1 }),
  RATE_LIMIT_WRITES_PER_MINUTE: Type.Integer({ default: 120, minimum: 0 }),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

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
  return Object.freeze(withDefaults as Static<typeof ConfigSchema>);
}
