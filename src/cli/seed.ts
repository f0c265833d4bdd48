import { seedDatabase } from '../../seeds/load.ts';
import { loadConfig } from '../config.ts';
import { openConfiguredDatabaseExclusive } from '../db/exclusive.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { runCli } from './run.ts';

await runCli(async () => {
  const database = await openConfiguredDatabaseExclusive(loadConfig(), { command: 'seed' });
  try {
    await migrateToLatest(database.db);
    const report = await seedDatabase(database.db);
    for (const [what, counts] of Object.entries(report)) {
      console.log(
        `${what}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
      );
    }
  } finally {
    await database.close();
  }
});
