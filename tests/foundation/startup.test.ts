import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

// A guard against a server that never exits, not a timing: a cold start (tsx compiling every file, migrations
// checked) takes over a minute on a busy 2-core machine.
function runServer(
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const noStackTrace = (output: string) =>
  assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+/, 'no stack trace in the output');

test('startup: an unreachable DATABASE_URL exits 1 with one clear line naming the database and what to check', async () => {
  const { code, output } = await runServer({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/timeline' });
  assert.equal(code, 1);
  assert.match(output, /Cannot open postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/timeline/);
  assert.match(output, /ECONNREFUSED/);
  assert.match(output, /check DATABASE_URL/);
  assert.doesNotMatch(output, /secret/, 'the password is not logged');
  noStackTrace(output);
});

test('startup: a DATABASE_URL that is not postgres:// is refused before anything starts', async () => {
  const { code, output } = await runServer({ DATABASE_URL: 'mysql://localhost/timeline' });
  assert.equal(code, 78);
  assert.match(
    output,
    /Invalid configuration:\n {2}DATABASE_URL="mysql:\/\/localhost\/timeline": must match pattern/,
  );
  noStackTrace(output);
});

test('startup: bad PORT and LOG_LEVEL values are each named with the fix', async () => {
  const { code, output } = await runServer({ PORT: 'eighty', LOG_LEVEL: 'loud' });
  assert.equal(code, 78);
  assert.match(output, /PORT="eighty": must be integer/);
  assert.match(output, /LOG_LEVEL="loud": must be equal to one of the allowed values/);
  assert.match(output, /see the README's configuration table/);
  noStackTrace(output);
});

test('startup: a port in use exits 1 saying so', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  assert.ok(address && typeof address === 'object');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'timeline-startup-'));
  t.after(async () => {
    blocker.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const env: Record<string, string> = { PORT: String(address.port), SEED_ON_EMPTY: 'false' };
  if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  else env.DATA_DIR = path.join(dataDir, 'data');
  const { code, output } = await runServer(env);
  assert.equal(code, 1);
  assert.match(output, new RegExp(`port ${address.port} is in use: stop the other process or set PORT`));
  noStackTrace(output);
});
