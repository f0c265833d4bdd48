import { CompiledQuery, type Kysely, sql } from 'kysely';
import { fillDateDisplays } from '../src/modules/events/write/date-displays.ts';

// The display strings of each date, as the JSON text the API sends (`date.display`), so that PostgreSQL writes a
// timeline page whole (src/modules/events/write/date-displays.ts says why one row per date).
//
// Unlike the other migrations this one imports app code, on purpose: the strings must be made by the service's
// own `displayDate` (date-fns), the one definition of them; a copy frozen here could only drift. A later
// change of that definition ships a migration that empties this table and fills it again the same way.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table date_displays (edtf text primary key, display text not null)`.execute(db);
  const started = Date.now();
  const filled = await fillDateDisplays(
    async (text, values) => db.executeQuery(CompiledQuery.raw(text, values)),
    (done, total) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(`migration 0095: display strings of ${done} of ${total} dates (${seconds} s)\n`);
    },
  );
  if (filled > 0) await sql`analyze date_displays`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists date_displays`.execute(db);
}
