import { parseArgs } from 'node:util';
import { ensureDatabase, redact, requireDatabaseUrl, UsageError } from './database-url.ts';
import { DEFAULT_SEED, loadDataset } from './dataset/load.ts';
import { formatSeconds, note } from './progress.ts';

const USAGE = `Loads a synthetic data set into DATABASE_URL (created if missing), after running the migrations.

  npm run bench:data -- --events 100000 [--seed ${DEFAULT_SEED}] [--reset]

  --events N   number of events (at least 5,000)
  --seed S     generator seed; the same seed and size give the same data set
  --reset      replace the data already there (drops the public schema; only in a database named *bench*)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const events = Number(values.events);
  const seed = Number(values.seed);
  if (!Number.isInteger(events) || events < 5000)
    throw new UsageError(`--events: give a whole number ≥ 5000\n\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new UsageError('--seed: give a whole number');
  const url = requireDatabaseUrl();
  if (await ensureDatabase(url)) note(`created database ${redact(url)}`);
  const info = await loadDataset({ url, events, seed, reset: values.reset });
  note(`loaded ${info.events.toLocaleString('en')} events in ${formatSeconds(info.loadSeconds)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
