import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgres } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/modules/keys/keys.service.ts';

// Reliability under database failure (`npm run test:reliability`, as root with PostgreSQL binaries installed):
// a throwaway cluster with fsync on, the API as a child process, a steady write + read load, and PostgreSQL
// restarted several times (pg_ctl restart, kill -9 of the postmaster, immediate shutdown). Then every write
// that got a 2xx must be present and intact, none duplicated, the API must have served again within seconds of
// PostgreSQL being ready, and it must exit 0 on SIGTERM.

const root = fileURLToPath(new URL('..', import.meta.url));
const WRITERS = 4;
const READERS = 2;
const RESTARTS = [
  'pg_ctl restart (fast)',
  'kill -9 postmaster',
  'pg_ctl restart (immediate)',
  'kill -9 postmaster',
] as const;

function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  for (const version of ['17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    try {
      execFileSync(`${dir}/pg_ctl`, ['--version']);
      return dir;
    } catch {
      // try the next
    }
  }
  throw new Error('PostgreSQL binaries not found: install postgresql (Debian) or set PG_BIN');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

const asPostgres = (bin: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', `${bin}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();

class Cluster {
  constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
  ) {}
  get dataDir() {
    return path.join(this.dir, 'data');
  }
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/reliability`;
  }
  options() {
    // fsync stays on: a kill -9 must not lose what was committed.
    return `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=on -c synchronous_commit=on`;
  }
  init() {
    asPostgres(`${this.bin}/initdb`, ['-D', this.dataDir, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    this.start();
    execFileSync(`${this.bin}/createdb`, [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      'reliability',
    ]);
  }
  start() {
    asPostgres(`${this.bin}/pg_ctl`, [
      '-D',
      this.dataDir,
      '-w',
      '-t',
      '60',
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      this.options(),
      'start',
    ]);
  }
  stop(mode: 'fast' | 'immediate') {
    asPostgres(`${this.bin}/pg_ctl`, ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }
  /** A crash: SIGKILL to the postmaster, and to its backends, which a real crash leaves orphaned. */
  killPostmaster() {
    const pid = Number(asPostgres('/usr/bin/head', ['-1', path.join(this.dataDir, 'postmaster.pid')]).trim());
    const children = execFileSync('pgrep', ['-P', String(pid)], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .split('\n')
      .filter(Boolean)
      .map(Number);
    process.kill(pid, 'SIGKILL');
    for (const child of children) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  async restart(kind: (typeof RESTARTS)[number]): Promise<void> {
    if (kind === 'pg_ctl restart (fast)') this.stop('fast');
    else if (kind === 'pg_ctl restart (immediate)') this.stop('immediate');
    else {
      this.killPostmaster();
    }
    await sleep(1500); // an outage the API has to ride out
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.start();
        return;
      } catch (error) {
        // After a crash the old shared memory can take a moment to be released.
        if (attempt >= 20) throw error;
        await sleep(500);
      }
    }
  }
}

interface Ack {
  marker: string;
  id: string;
  title: string;
}

async function countEvents(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query<{ n: number }>(
    'select count(*)::int as n from events where deleted_at is null',
  );
  await client.end();
  return result.rows[0]?.n ?? 0;
}

async function main(): Promise<void> {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'timeline-reliability-'));
  chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres', dir]);
  const cluster = new Cluster(bin, dir, await freePort());
  let api: ChildProcess | undefined;
  try {
    console.error(`==> cluster on port ${cluster.port} (fsync on)`);
    cluster.init();
    const setup = openPostgres({
      url: cluster.url,
      poolSize: 1,
      statementTimeoutMs: 60_000,
      connectTimeoutMs: 5_000,
    });
    await migrateToLatest(setup.db);
    const { token } = await createApiKey(setup.db, { name: 'reliability', scopes: ['write'] });
    await setup.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: cluster.url,
        PORT: String(port),
        LOG_LEVEL: 'info',
        RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
        RATE_LIMIT_READS_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Keep the API's warnings and errors (JSON log lines) to show them if its exit is not clean.
    const apiLog: string[] = [];
    api.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) apiLog.push(line);
    });
    let apiExit: number | null | undefined;
    api.on('exit', (code) => {
      apiExit = code;
    });
    for (
      let i = 0;
      i < 100 &&
      !(await fetch(`${base}/readyz`)
        .then((r) => r.ok)
        .catch(() => false));
      i += 1
    )
      await sleep(200);

    const acks: Ack[] = [];
    const stats = { writes: 0, writeErrors: 0, reads: 0, readErrors: 0, statuses: new Map<number, number>() };
    let running = true;
    let lastSuccess = 0;
    const count = (status: number) => stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);

    const writer = async (w: number) => {
      for (let n = 0; running; n += 1) {
        const marker = `rel-${w}-${n}-${randomUUID().slice(0, 8)}`;
        const body = JSON.stringify({
          type: 'meeting',
          title: { en: `Reliability probe ${marker}` },
          date: '2021-06-07',
          participants: [{ actor: 'nato-russia-council', role: 'forum' }],
          tags: [marker],
        });
        const idempotencyKey = randomUUID();
        // Retry the same request with the same Idempotency-Key until it is acknowledged (or the run ends):
        // a retry after a lost response must replay, never duplicate.
        for (let attempt = 0; running || attempt === 0; attempt += 1) {
          try {
            const res = await fetch(`${base}/v1/events`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': idempotencyKey,
              },
              body,
              signal: AbortSignal.timeout(10_000),
            });
            count(res.status);
            stats.writes += 1;
            if (res.status === 201 || res.status === 200) {
              const event = (await res.json()) as { id: string; title: { en: string } };
              acks.push({ marker, id: event.id, title: event.title.en });
              lastSuccess = Date.now();
              break;
            }
            await res.arrayBuffer();
            stats.writeErrors += 1;
          } catch {
            stats.writeErrors += 1;
          }
          await sleep(100);
          if (!running && attempt > 50) break;
        }
      }
    };
    const reader = async () => {
      while (running) {
        try {
          const res = await fetch(`${base}/v1/events?limit=20&order=desc`, {
            signal: AbortSignal.timeout(10_000),
          });
          count(res.status);
          stats.reads += 1;
          if (!res.ok) stats.readErrors += 1;
          await res.arrayBuffer();
        } catch {
          stats.readErrors += 1;
        }
        await sleep(20);
      }
    };
    const load = [
      ...Array.from({ length: WRITERS }, (_, w) => writer(w)),
      ...Array.from({ length: READERS }, () => reader()),
    ];

    const recoveries: { restart: string; secondsToFirst2xx: number }[] = [];
    await sleep(3000);
    for (const kind of RESTARTS) {
      console.error(`==> ${kind}`);
      await cluster.restart(kind);
      const ready = Date.now();
      const before = lastSuccess;
      while (lastSuccess <= before || lastSuccess < ready) {
        if (Date.now() - ready > 60_000) throw new Error(`no 2xx write within 60 s after ${kind}`);
        await sleep(20);
      }
      recoveries.push({
        restart: kind,
        secondsToFirst2xx: Number(((lastSuccess - ready) / 1000).toFixed(2)),
      });
      await sleep(3000);
    }
    running = false;
    await Promise.all(load);

    // Every acknowledged write present and intact, none duplicated.
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const rows = await client.query<{ id: string; title: string; tag: string }>(
      `select id, title->>'en' as title, unnest(tags) as tag from events where deleted_at is null and tags[1] like 'rel-%'`,
    );
    await client.end();
    const byMarker = new Map<string, { id: string; title: string }[]>();
    for (const row of rows.rows) byMarker.set(row.tag, [...(byMarker.get(row.tag) ?? []), row]);
    const lost = acks.filter(
      (a) => !byMarker.get(a.marker)?.some((r) => r.id === a.id && r.title === a.title),
    );
    const duplicated = [...byMarker.values()].filter((list) => list.length > 1);

    // Graceful shutdown under load: whole-timeline exports are in flight when SIGTERM arrives; each must
    // still finish with every row, and the process must exit 0.
    const expectedRows = await countEvents(cluster.url);
    const exports = Array.from({ length: 6 }, () =>
      fetch(`${base}/v1/events?format=ndjson`, { signal: AbortSignal.timeout(30_000) })
        .then(async (res) => ({
          status: res.status,
          rows: (await res.text()).split('\n').filter(Boolean).length,
        }))
        .catch((error: Error) => ({ status: 0, rows: 0, error: error.message })),
    );
    await sleep(30);
    api.kill('SIGTERM');
    const inFlight = await Promise.all(exports);
    for (let i = 0; i < 150 && apiExit === undefined; i += 1) await sleep(100);
    const completedInFlight = inFlight.filter((r) => r.status === 200 && r.rows === expectedRows).length;

    const report = {
      restarts: recoveries.length,
      acknowledged_writes: acks.length,
      lost: lost.length,
      duplicated: duplicated.length,
      process_exit_code: apiExit ?? 'still running',
      shutdown: {
        in_flight_exports: inFlight.length,
        completed_whole: completedInFlight,
        rows_each: expectedRows,
      },
      recoveries,
      requests: {
        writes: stats.writes,
        write_errors: stats.writeErrors,
        reads: stats.reads,
        read_errors: stats.readErrors,
      },
      statuses: Object.fromEntries([...stats.statuses].sort(([a], [b]) => a - b)),
    };
    console.log(JSON.stringify(report, null, 2));
    const ok =
      completedInFlight === inFlight.length &&
      lost.length === 0 &&
      duplicated.length === 0 &&
      apiExit === 0 &&
      recoveries.length >= 3 &&
      acks.length > 0;
    console.log(
      `reliability: ${recoveries.length} restarts, acknowledged writes ${acks.length}, lost ${lost.length}, duplicated ${duplicated.length}, process exit ${apiExit}, in-flight exports completed at SIGTERM ${completedInFlight}/${inFlight.length}, time to first 2xx after PostgreSQL ready: ${recoveries.map((r) => `${r.secondsToFirst2xx}s`).join(', ')}`,
    );
    if (apiExit !== 0) console.log(`API log at shutdown:\n${apiLog.slice(-10).join('\n')}`);
    console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (api && api.exitCode === null) api.kill('SIGKILL');
    try {
      cluster.stop('immediate');
    } catch {
      // already down
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
