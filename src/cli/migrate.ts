import { loadConfig } from '../config.ts';
import { openConfiguredDatabaseExclusive } from '../db/exclusive.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { runCli } from './run.ts';

await runCli(async () => {
  const database = await openConfiguredDatabaseExclusive(loadConfig(), {
    command: 'migrate',
    whileServerRuns: 'The server applies pending migrations when it starts: restart it instead',
  });
  try {
    const result = await migrateToLatest(database.db);
    const applied = (result.results ?? []).filter((r) => r.status === 'Success');
    console.log(
      applied.length ? applied.map((r) => `applied ${r.migrationName}`).join('\n') : 'Already up to date.',
    );
  } finally {
    await database.close();
  }
});
