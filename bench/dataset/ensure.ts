import { ensureDatabase, redact, UsageError } from '../database-url.ts';
import { note } from '../progress.ts';
import { type DatasetInfo, GENERATOR_VERSION, loadDataset, readDataset } from './load.ts';

/** The data set in `url`; with `events`, loaded first unless the database already holds that very data set. */
export async function ensureDataset(
  url: string,
  events: number | undefined,
  seed: number,
): Promise<DatasetInfo> {
  if (events === undefined) {
    const info = await readDataset(url).catch(() => null);
    if (!info) {
      throw new UsageError(
        `${redact(url)} holds no benchmark data set: load one with\n  DATABASE_URL=${redact(url)} npm run bench:data -- --events 100000\nor pass --events N to use (and if needed load) a database per size.`,
      );
    }
    return info;
  }
  await ensureDatabase(url);
  const info = await readDataset(url);
  if (info && info.events === events && info.seed === seed && info.generator === GENERATOR_VERSION)
    return info;
  note(`${redact(url)}: loading a data set of ${events} events (seed ${seed})`);
  return loadDataset({ url, events, seed, reset: true });
}
