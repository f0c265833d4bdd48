import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openEmbedded, openPostgres } from '../../src/db/connect.ts';
import { usingServerPostgres, withDatabase } from '../helpers/database.ts';
import { eventInput } from '../helpers/fixtures.ts';

// `npm run import`, run as a user runs it, against a database of its own: a fresh server database
// (TEST_DATABASE_URL) or a fresh embedded data folder. The command migrates it itself.

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: (() => Promise<void>) | undefined;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'timeline-import-cli-'));
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  env = { ...rest, LOG_LEVEL: 'silent' };
  if (usingServerPostgres) {
    const adminUrl = process.env.TEST_DATABASE_URL as string;
    const name = `timeline_import_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    env.DATABASE_URL = withDatabase(adminUrl, name);
    dropDatabase = async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
  } else {
    env.DATA_DIR = path.join(dir, 'data');
  }
});
after(async () => {
  await dropDatabase?.();
  await rm(dir, { recursive: true, force: true });
});

async function importCli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/import.ts', ...args],
      {
        cwd: root,
        env,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function withDatabaseOpen<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = env.DATABASE_URL
    ? openPostgres({
        url: env.DATABASE_URL,
        poolSize: 1,
        statementTimeoutMs: 10_000,
        connectTimeoutMs: 5_000,
      })
    : await openEmbedded({ dataDir: env.DATA_DIR });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const ndjson = (rows: unknown[]) =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

test('import CLI: progress on stderr (rows, rows/s, errors, share of the file, time left), phases and a summary; the report on stdout; then the tables are analyzed', async () => {
  const file = path.join(dir, 'events.ndjson');
  const rows = [1, 2, 3].map((i) =>
    eventInput({ slug: `cli-event-${i}`, participants: [], date: `200${i}` }),
  );
  await writeFile(file, ndjson(rows));

  const dry = await importCli(file, '--dry-run', '--progress-interval', '0');
  assert.equal(dry.code, 0, dry.stderr);
  const { differences, ...counts } = JSON.parse(dry.stdout);
  assert.deepEqual(counts, {
    rows: 3,
    created: 3,
    updated: 0,
    unchanged: 0,
    actors_created: 0,
    dry_run: true,
  });
  assert.deepEqual(
    differences.map((d: { line: number; slug: string }) => [d.line, d.slug]),
    [
      [1, 'cli-event-1'],
      [2, 'cli-event-2'],
      [3, 'cli-event-3'],
    ],
  );
  assert.match(
    dry.stderr,
    /^reading: 3 rows \([\d,]+ rows\/s\), 0 errors, 100 % of the file, about \d+ s left to read$/m,
  );
  assert.match(
    dry.stderr,
    /^checking 3 rows against the database \(\d+ s so far\), 0 errors found while reading$/m,
  );
  for (const step of ['actors', 'events', 'participants', 'sources', 'relations', 'revisions']) {
    assert.match(dry.stderr, new RegExp(`^writing in one transaction: ${step} \\(\\d+ s so far\\)$`, 'm'));
  }
  assert.match(
    dry.stderr,
    /^Dry run \(nothing written\): 3 rows in [\d.]+ s \([\d,]+ rows\/s\): 3 created, 0 updated, 0 unchanged, 0 actors created$/m,
  );
  assert.match(dry.stderr, /^line 2: cli-event-2: created$/m, 'a dry run names what it would change');
  assert.doesNotMatch(dry.stderr, /analyz/, 'a dry run writes nothing, so analyzes nothing');

  const real = await importCli(file);
  assert.equal(real.code, 0, real.stderr);
  assert.deepEqual(JSON.parse(real.stdout), {
    rows: 3,
    created: 3,
    updated: 0,
    unchanged: 0,
    actors_created: 0,
    dry_run: false,
  });
  assert.match(
    real.stderr,
    /^Imported: 3 rows in [\d.]+ s \([\d,]+ rows\/s\): 3 created, 0 updated, 0 unchanged, 0 actors created; analyzed events, revisions$/m,
  );
  const tuples = await withDatabaseOpen(async (database) => {
    const { rows } = await sql<{ relname: string; reltuples: number }>`
      select relname, reltuples::int as reltuples from pg_class
      where relname in ('events', 'revisions') order by relname`.execute(database.db);
    return rows;
  });
  assert.deepEqual(
    tuples,
    [
      { relname: 'events', reltuples: 3 },
      { relname: 'revisions', reltuples: 3 },
    ],
    'ANALYZE ran: the planner knows the 3 rows',
  );

  const again = await importCli(file);
  assert.deepEqual(JSON.parse(again.stdout), {
    rows: 3,
    created: 0,
    updated: 0,
    unchanged: 3,
    actors_created: 0,
    dry_run: false,
  });
  assert.match(
    again.stderr,
    /: 0 created, 0 updated, 3 unchanged, 0 actors created$/m,
    'nothing written, nothing analyzed',
  );
});

test('import CLI: --format acled reads the ACLED fixture (progress, summary, actors created); --format csv-mapped with --map; a dry run shows changes old → new', async () => {
  const acled = fileURLToPath(new URL('../fixtures/acled-sample.csv', import.meta.url));
  // A fresh database, migrated by the command and nothing else: the event types ACLED's map to are built in.
  const imported = await importCli(acled, '--format', 'acled', '--progress-interval', '0');
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /^reading: 6 rows \([\d,]+ rows\/s\), 0 errors, 100 % of the file/m);
  assert.deepEqual(JSON.parse(imported.stdout), {
    rows: 6,
    created: 6,
    updated: 0,
    unchanged: 0,
    actors_created: 10,
    dry_run: false,
  });

  const mapped = path.join(dir, 'mapped.csv');
  await writeFile(mapped, 'Ref,Name,When\ncli-m-1,Talks,2019-21\n');
  const map = 'slug=Ref,title=Name,date=When,type=const:meeting';
  const first = await importCli(mapped, '--format', 'csv-mapped', '--map', map);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).created, 1);
  await writeFile(mapped, 'Ref,Name,When\ncli-m-1,Talks in spring,2019-21\n');
  const dry = await importCli(mapped, '--format', 'csv-mapped', '--map', map, '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stderr,
    /^line 2: cli-m-1: updated: title \{"en":"Talks"\} → \{"en":"Talks in spring"\}$/m,
  );

  const noMap = await importCli(mapped, '--format', 'csv-mapped');
  assert.notEqual(noMap.code, 0);
  assert.match(noMap.stderr, /format csv-mapped needs a column mapping/);
});

test('import CLI: a bad file lists its first 100 errors with their lines, says how many more there are, and writes nothing', async () => {
  const bad = path.join(dir, 'bad.csv');
  await writeFile(bad, 'slug,type,date,title_en\ncli-x,meeting,2019,Fine\ncli-y,meeting,2019-13,Bad date\n');
  const failed = await importCli(bad);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /^line 3: \/date: /m);
  assert.match(failed.stderr, /Error: 1 of 2 rows are invalid; nothing was written/);

  const many = path.join(dir, 'many.ndjson');
  await writeFile(many, ndjson(Array.from({ length: 150 }, () => 'x')));
  const flood = await importCli(many);
  assert.equal(flood.code, 1);
  const listed = flood.stderr.split('\n').filter((l) => /^line \d+: \(the row\): not valid JSON/.test(l));
  assert.equal(listed.length, 100);
  assert.equal(listed[99]?.startsWith('line 100:'), true);
  assert.match(flood.stderr, /^… and 50 more errors$/m);
  assert.match(
    flood.stderr,
    /150 of 150 rows are invalid; nothing was written\. Fix the lines listed in errors \(the first 100 of 150 errors\)/,
  );

  const unknownFormat = await importCli(path.join(dir, 'events.txt'));
  assert.equal(unknownFormat.code, 1);
  assert.match(unknownFormat.stderr, /name it \.ndjson, \.csv, \.json or \.srj, or pass --format/);

  const events = await withDatabaseOpen(async (database) => {
    const row = await sql<{
      n: number;
    }>`select count(*)::int as n from events where slug in ('cli-x', 'cli-y')`.execute(database.db);
    return row.rows[0]?.n;
  });
  assert.equal(events, 0, 'the good row of the bad file was not written either');
});

test('import CLI: a statement past IMPORT_STATEMENT_TIMEOUT_MS fails the import with a message naming the setting, and writes nothing', {
  skip: usingServerPostgres ? false : 'the embedded database has no statement timeout for the import',
}, async () => {
  const file = path.join(dir, 'slow.ndjson');
  await writeFile(file, ndjson([eventInput({ slug: 'cli-slow-1', participants: [], date: '2011' })]));
  // Another session holds a lock that the import's insert into events waits for: longer than the limit.
  const holder = new pg.Client({ connectionString: env.DATABASE_URL });
  await holder.connect();
  await holder.query('begin');
  await holder.query('lock table events in share mode');
  env.IMPORT_STATEMENT_TIMEOUT_MS = '1000';
  try {
    const slow = await importCli(file, '--progress-interval', '0');
    assert.equal(slow.code, 1, slow.stderr);
    assert.match(
      slow.stderr,
      /^Error: A statement of the import ran longer than IMPORT_STATEMENT_TIMEOUT_MS \(1000 ms\) and was cancelled: nothing was written\. A file this large needs a longer limit: raise IMPORT_STATEMENT_TIMEOUT_MS \(3600000 is an hour\) and import it again\.$/m,
    );
  } finally {
    delete env.IMPORT_STATEMENT_TIMEOUT_MS;
    await holder.query('rollback');
    await holder.end();
  }
  const written = await withDatabaseOpen(async (database) => {
    const row = await sql<{ n: number }>`
        select count(*)::int as n from events where slug = 'cli-slow-1'`.execute(database.db);
    return row.rows[0]?.n;
  });
  assert.equal(written, 0);
});
