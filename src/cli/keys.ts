import { parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.ts';
import { readDataDirOwner } from '../db/data-dir-lock.ts';
import { openConfiguredDatabaseExclusive } from '../db/exclusive.ts';
import { migrateToLatest } from '../db/migrate.ts';
import {
  type ApiKeySummary,
  createApiKey,
  generateToken,
  listApiKeys,
  normalizeScopes,
  revokeApiKey,
} from '../modules/keys/keys.service.ts';
import { runCli } from './run.ts';

const USAGE = `Usage:
  npm run keys -- create --name <name> --scope <read|write|admin>[,…]   (--scope repeatable; admin implies write)
  npm run keys -- list [--json]
  npm run keys -- revoke <id-or-prefix>
  npm run keys -- generate          a new admin key for ADMIN_KEY, made here and stored nowhere

create prints the key on stdout, once: only its hash is stored.

While a server holds the embedded data folder (DATA_DIR), create, list and revoke go through its HTTP API,
which needs an admin key: set ADMIN_KEY=dtl_… (or pass --admin-key). Otherwise they work on the database
directly (DATABASE_URL, or DATA_DIR when no server holds it).`;

function scopesText(key: ApiKeySummary): string {
  return key.scopes.length ? key.scopes.join(',') : 'read';
}

/** What the three commands need, whether they run on the database or through a server's API. */
interface KeyStore {
  create(input: { name: string; scopes: string[] }): Promise<{ key: ApiKeySummary; token: string }>;
  list(): Promise<ApiKeySummary[]>;
  revoke(idOrPrefix: string): Promise<{ key: ApiKeySummary; alreadyRevoked: boolean }>;
  close(): Promise<void>;
}

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'admin-key': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, target, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (!['create', 'list', 'revoke', 'generate'].includes(command))
    throw new Error(`Unknown command "${command}".\n${USAGE}`);
  if (command === 'generate') {
    console.error(
      'A new key, stored nowhere yet: start the server with ADMIN_KEY set to it and the server keeps its hash as an admin key.',
    );
    console.log(generateToken());
    return;
  }
  if (command === 'create' && !values.name) throw new Error(`create needs --name.\n${USAGE}`);
  if (command === 'create' && !values.scope?.length)
    throw new Error(`create needs --scope (read, write or admin).\n${USAGE}`);
  if (command === 'revoke' && (!target || rest.length > 0))
    throw new Error(`revoke needs exactly one id or prefix.\n${USAGE}`);
  // Bad scopes fail here, before the database is opened.
  const scopes = (values.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase());
  if (command === 'create') normalizeScopes(scopes);

  const config = loadConfig();
  const adminKey = values['admin-key'] ?? process.env.ADMIN_KEY;
  const store = await openKeyStore(config, adminKey);
  try {
    if (command === 'create') {
      const { key, token } = await store.create({ name: values.name ?? '', scopes: scopes.filter(Boolean) });
      console.error(
        `Created key ${key.id} (prefix ${key.prefix}) "${key.name}" with scopes ${scopesText(key)}.`,
      );
      console.error('The key below is shown only this once: store it now.');
      console.log(token);
    } else if (command === 'list') {
      const keys = await store.list();
      if (values.json) {
        console.log(JSON.stringify(keys, null, 2));
      } else if (keys.length === 0) {
        console.log('No API keys yet: create one with `npm run keys -- create --name <name> --scope write`.');
      } else {
        console.log(['id', 'prefix', 'scopes', 'created', 'revoked', 'name'].join('\t'));
        for (const k of keys) {
          console.log([k.id, k.prefix, scopesText(k), k.created_at, k.revoked_at ?? '-', k.name].join('\t'));
        }
      }
    } else {
      const { key, alreadyRevoked } = await store.revoke(target as string);
      console.log(
        alreadyRevoked
          ? `Key ${key.id} (prefix ${key.prefix}) "${key.name}" was already revoked at ${key.revoked_at}.`
          : `Revoked key ${key.id} (prefix ${key.prefix}) "${key.name}".`,
      );
    }
  } finally {
    await store.close();
  }
});

/** Through the server that holds the embedded folder, if one does; else on the database itself. */
async function openKeyStore(config: Config, adminKey: string | undefined): Promise<KeyStore> {
  const owner = config.DATABASE_URL ? undefined : await readDataDirOwner(config.DATA_DIR);
  if (owner?.command === 'server' && owner.url) {
    if (!adminKey) {
      throw new Error(
        `The server at ${owner.url} (pid ${owner.pid}) holds DATA_DIR ${config.DATA_DIR}, so keys are managed through its API, which needs an admin key: set ADMIN_KEY=dtl_… (or pass --admin-key). For a first admin key, generate one (\`npm run -s keys -- generate\`) and restart the server with ADMIN_KEY set to it, or stop the server and run \`npm run keys -- create --name <name> --scope admin\`.`,
      );
    }
    console.error(`Working through the server at ${owner.url}, which holds DATA_DIR ${config.DATA_DIR}.`);
    return httpKeyStore(owner.url, adminKey);
  }
  const database = await openConfiguredDatabaseExclusive(config, {
    command: 'keys',
    whileServerRuns: 'Wait until it listens: keys are then managed through it',
  });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    create: (input) => createApiKey(database.db, input),
    list: () => listApiKeys(database.db),
    revoke: (idOrPrefix) => revokeApiKey(database.db, idOrPrefix),
    close: () => database.close(),
  };
}

function httpKeyStore(baseUrl: string, adminKey: string): KeyStore {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new Error(
        `The server at ${baseUrl} does not answer (${(error as Error).message}): check that it is running, then try again.`,
      );
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    const detail = (() => {
      try {
        return (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        return text;
      }
    })();
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `The server at ${baseUrl} refused the admin key (${response.status}: ${detail}). Give a key with scope admin in ADMIN_KEY or --admin-key.`,
      );
    }
    throw new Error(`The server at ${baseUrl} answered ${response.status}: ${detail}`);
  };
  return {
    create: (input) => call('POST', '/v1/keys', input),
    list: async () => (await call<{ data: ApiKeySummary[] }>('GET', '/v1/keys')).data,
    revoke: async (idOrPrefix) => {
      const { key, already_revoked } = await call<{ key: ApiKeySummary; already_revoked: boolean }>(
        'DELETE',
        `/v1/keys/${encodeURIComponent(idOrPrefix.trim().replace(/^(dtl_[0-9a-f]{12})_.*$/, '$1'))}`,
      );
      return { key, alreadyRevoked: already_revoked };
    },
    close: async () => undefined,
  };
}
