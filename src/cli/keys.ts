import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import {
  type ApiKeySummary,
  createApiKey,
  listApiKeys,
  normalizeScopes,
  revokeApiKey,
} from '../modules/keys/keys.service.ts';
import { runCli } from './run.ts';

const USAGE = `Usage:
  npm run keys -- create --name <name> --scope <read|write|admin>[,…]   (--scope repeatable; admin implies write)
  npm run keys -- list [--json]
  npm run keys -- revoke <id-or-prefix>

create prints the key on stdout, once: only its hash is stored.`;

function scopesText(key: ApiKeySummary): string {
  return key.scopes.length ? key.scopes.join(',') : 'read';
}

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, target, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (!['create', 'list', 'revoke'].includes(command))
    throw new Error(`Unknown command "${command}".\n${USAGE}`);
  if (command === 'create' && !values.name) throw new Error(`create needs --name.\n${USAGE}`);
  if (command === 'create' && !values.scope?.length)
    throw new Error(`create needs --scope (read, write or admin).\n${USAGE}`);
  if (command === 'revoke' && (!target || rest.length > 0))
    throw new Error(`revoke needs exactly one id or prefix.\n${USAGE}`);
  // Bad scopes fail here, before the database is opened.
  if (command === 'create') normalizeScopes(values.scope ?? []);

  const database = await openConfiguredDatabase(loadConfig());
  try {
    await migrateToLatest(database.db);
    if (command === 'create') {
      const { key, token } = await createApiKey(database.db, {
        name: values.name ?? '',
        scopes: values.scope ?? [],
      });
      console.error(
        `Created key ${key.id} (prefix ${key.prefix}) "${key.name}" with scopes ${scopesText(key)}.`,
      );
      console.error('The key below is shown only this once: store it now.');
      console.log(token);
    } else if (command === 'list') {
      const keys = await listApiKeys(database.db);
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
      const { key, alreadyRevoked } = await revokeApiKey(database.db, target as string);
      console.log(
        alreadyRevoked
          ? `Key ${key.id} (prefix ${key.prefix}) "${key.name}" was already revoked at ${key.revoked_at}.`
          : `Revoked key ${key.id} (prefix ${key.prefix}) "${key.name}".`,
      );
    }
  } finally {
    await database.close();
  }
});
