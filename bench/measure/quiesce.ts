import pg from 'pg';

/** The application_name of the API's pool (src/db/connect.ts) and of the floor's. */
export const API_APPLICATION = 'diplomatic-timeline-api';
export const FLOOR_APPLICATION = 'bench-floor';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Cancels the statements a client application still runs, again and again, until `done` settles or, without
 * it, until 300 ms pass with none running (at most a minute): autocannon hangs up on the requests
 * in flight when a run ends, but the API would finish them (and the ones queued for a pooled connection), and
 * their CPU time and statements would land in the next run.
 */
export async function settle(
  databaseUrl: string,
  application: string,
  done?: Promise<unknown>,
): Promise<void> {
  let finished = done === undefined;
  const finish = () => {
    finished = true;
  };
  done?.then(finish, finish);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = performance.now() + 60_000;
    let quiet = 0;
    while (performance.now() < deadline) {
      const { rows } = await client.query<{ n: number }>(
        `select count(pg_cancel_backend(pid))::int as n from pg_stat_activity
         where application_name = $1 and state = 'active' and datname = current_database()`,
        [application],
      );
      quiet = rows[0]?.n === 0 ? quiet + 1 : 0;
      if (done ? finished : quiet >= 3) return;
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}
