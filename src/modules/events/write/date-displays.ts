import { displayDate } from '../../../domain/display.ts';

// The display strings of each date (`date.display`, six languages) stored as the JSON text the API sends, one
// row per distinct EDTF string (table date_displays, migration 0095), so that PostgreSQL writes a whole
// timeline page, display strings included, as one text. They are made here, by `displayDate` (date-fns stays
// the one definition), whenever a date is written: by the event writes (write.queries.ts), the import's
// set-based apply and the migration that filled the table for the events already stored.
//
// Keyed by date rather than a column on events: a page reads 50 rows of it by primary key; a date is written
// once however many events share it; and filling it for a stored database reads the distinct dates instead
// of rewriting every event row and all its indexes (bench/README.md, "Speed steps, fourth session").

/** The display strings of a date as the JSON text the API writes (`JSON.stringify` of `displayDate`). */
export function displayJson(edtf: string): string {
  return JSON.stringify(displayDate({ edtf }));
}

/** Runs one statement: `text` with `$1…` parameters, the rows back. */
export type RunQuery = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** Stores the display strings of these dates where they are missing (in the caller's transaction). */
export async function storeDateDisplays(run: RunQuery, edtfs: readonly string[]): Promise<void> {
  const dates = [...new Set(edtfs)];
  if (dates.length === 0) return;
  await run(
    `insert into date_displays (edtf, display)
     select * from unnest($1::text[], $2::text[])
     on conflict (edtf) do nothing`,
    [dates, dates.map(displayJson)],
  );
}

/**
 * Stores the display strings of every stored event's date that has none, `batch` dates at a time, calling
 * `progress` after each batch with the dates done so far and in all.
 */
export async function fillDateDisplays(
  run: RunQuery,
  progress: (done: number, total: number) => void = () => {},
  batch = 5000,
): Promise<number> {
  const { rows } = await run(
    `select count(distinct e.edtf)::int as n from events e
     where not exists (select 1 from date_displays d where d.edtf = e.edtf)`,
    [],
  );
  const total = (rows[0] as { n: number }).n;
  let done = 0;
  let after = '';
  for (;;) {
    const page = await run(
      `select distinct e.edtf from events e
       where e.edtf > $1 and not exists (select 1 from date_displays d where d.edtf = e.edtf)
       order by e.edtf limit $2`,
      [after, batch],
    );
    const dates = (page.rows as { edtf: string }[]).map((r) => r.edtf);
    if (dates.length === 0) break;
    await storeDateDisplays(run, dates);
    done += dates.length;
    progress(done, total);
    after = dates[dates.length - 1] as string;
  }
  return done;
}
