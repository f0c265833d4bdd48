import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createLogger, redactUrl } from '../../src/logging.ts';
import { createTestDatabase } from '../helpers/database.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = `dtl_0123456789ab_${'S'.repeat(43)}`;

describe('secrets never reach the logs', () => {
  test('redactUrl masks secret parameters and the secret of any API key, keeping everything else', () => {
    assert.equal(
      redactUrl(`/v1/events?limit=2&api_key=${TOKEN}&q=nato`),
      '/v1/events?limit=2&api_key=***&q=nato',
    );
    assert.equal(
      redactUrl('/v1/events?Token=abc&access_token=x&KEY=y'),
      '/v1/events?Token=***&access_token=***&KEY=***',
    );
    assert.equal(redactUrl('/v1/events?api%5Fkey=abc'), '/v1/events?api%5Fkey=***', 'an encoded name too');
    assert.equal(redactUrl(`/v1/keys/${TOKEN}`), '/v1/keys/dtl_0123456789ab_***', 'a key in the path');
    assert.equal(redactUrl(`/v1/events?note=${TOKEN}`), '/v1/events?note=dtl_0123456789ab_***');
    assert.equal(redactUrl('/v1/events?from=2014&to=2016'), '/v1/events?from=2014&to=2016');
  });

  test("a key sent in the query string or the Authorization header appears in no log line, though the request's URL does", async (t) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const database = await createTestDatabase();
    const app = await buildApp({
      config: loadConfig({ SEED_ON_EMPTY: 'false' }),
      database,
      logger: createLogger('info', sink),
    });
    t.after(async () => {
      await app.close();
      await database.close();
    });
    await app.inject({ url: `/v1/event-types?api_key=${TOKEN}` });
    await app.inject({ url: '/v1/event-types', query: { key: TOKEN, token: TOKEN } });
    await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: {},
    });
    const all = lines.join('\n');
    assert.ok(lines.length >= 6, `requests were logged:\n${all}`);
    assert.ok(!all.includes('S'.repeat(43)), `no secret in the logs:\n${all}`);
    const urls = lines.map((line) => JSON.parse(line).req?.url).filter(Boolean);
    assert.deepEqual(urls, [
      '/v1/event-types?api_key=***',
      '/v1/event-types?key=***&token=***',
      '/v1/events',
    ]);
  });
});

describe('production refuses development defaults', () => {
  test('with NODE_ENV=production a missing CURSOR_SECRET, or the development value, stops loadConfig naming it', () => {
    for (const env of [
      { NODE_ENV: 'production' },
      { NODE_ENV: 'production', CURSOR_SECRET: '' },
      { NODE_ENV: 'production', CURSOR_SECRET: 'change-me-in-production-cursor-secret' },
    ]) {
      assert.throws(
        () => loadConfig(env),
        (error: Error) =>
          error instanceof ConfigError &&
          /CURSOR_SECRET is not set: with NODE_ENV=production the development default would let anyone forge page cursors/.test(
            error.message,
          ),
      );
    }
    assert.equal(
      loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: 'a-random-production-secret' }).CURSOR_SECRET,
      'a-random-production-secret',
    );
    assert.equal(
      loadConfig({}).CURSOR_SECRET,
      'change-me-in-production-cursor-secret',
      'development keeps its default',
    );
  });

  test('the server started with NODE_ENV=production and no CURSOR_SECRET exits 78 before opening anything', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: '/nonexistent/never-created' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 78, output);
    assert.match(output, /CURSOR_SECRET is not set/);
    assert.match(output, /openssl rand -hex 32/);
  });
});
