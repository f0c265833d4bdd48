import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// The README's SDK snippets (```ts sdk blocks) as a reader would use them: type-checked strictly against the
// generated sdk/schema.d.ts, then run against a test server, their output compared with their `// →` lines.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const snippets = [...readme.matchAll(/```ts sdk\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

/** The snippet as a file at the repository root, reading the repository's generated types. */
function asFile(snippet: string): string {
  return `${snippet.replaceAll("'./timeline.d.ts'", "'./sdk/schema.d.ts'")}\nexport {};\n`;
}

const expectedOutput = (snippet: string) =>
  [...snippet.matchAll(/^\/\/ → (.*)$/gm)].map((m) => m[1]).join('\n');

describe('README SDK snippets', () => {
  let t: TestApp;
  let baseUrl = '';
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    t = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    for (const fn of cleanups) await fn();
  });

  test('README: there are SDK snippets to check', () => {
    assert.ok(snippets.length >= 2, 'the README marks its SDK snippets ```ts sdk');
  });

  for (const [index, snippet] of snippets.entries()) {
    test(`README: SDK snippet ${index + 1} type-checks strictly and prints what it says`, async (tt) => {
      const file = `${root}.readme-sdk-${process.pid}-${index}.ts`;
      await writeFile(file, asFile(snippet));
      tt.after(() => rm(file, { force: true }));
      const tsc = [
        ...['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext'],
        ...['--moduleResolution', 'nodenext', '--allowImportingTsExtensions', '--types', 'node', file],
      ];
      await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, ...tsc], { cwd: root }).catch(
        (error: { stdout?: string }) =>
          assert.fail(`snippet ${index + 1} does not type-check:\n${error.stdout}`),
      );
      const { stdout } = await run(process.execPath, ['--import', 'tsx', file], {
        cwd: root,
        env: { ...process.env, TIMELINE_URL: baseUrl },
      });
      assert.equal(stdout.trim(), expectedOutput(snippet));
    });
  }
});
