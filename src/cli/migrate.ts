import { loadConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { runCli } from './run.ts';

await runCli(async () => {
  const database = await openConfiguredDatabase(loadConfig());
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
