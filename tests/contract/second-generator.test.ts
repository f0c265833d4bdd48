import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@hey-api/openapi-ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// A second generator: @hey-api/openapi-ts (a pinned devDependency, so nothing is downloaded) turns the
// committed openapi.json into a fetch client in a temporary folder; `tsc --strict` must compile it together
// with a usage file that reads `data.data[0].title` as the language map it is, and the client must then read
// the seed from the running service.

const run = promisify(execFile);
const OPENAPI = fileURLToPath(new URL('../../openapi.json', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const USAGE = `import { client } from './client/client.gen.js';
import { listEvents } from './client/index.js';
import type { Event } from './client/index.js';

export async function firstTitle(baseUrl: string): Promise<Record<string, string> | undefined> {
  client.setConfig({ baseUrl });
  const { data, error } = await listEvents({ query: { actor: ['nato-russia-council'], limit: 2 } });
  if (error) throw new Error(error.detail ?? error.title);
  const first: Event | undefined = data?.data[0];
  // A language map, not a string (and not any: an any would make this expect-error unused, a compile error).
  // @ts-expect-error title is Record<string, string>
  const notAString: string = first?.title ?? '';
  void notAString;
  const nextCursor: string | null | undefined = data?.next_cursor;
  void nextCursor;
  return data?.data[0]?.title;
}
`;

const WRONG_USAGE = `import { listEvents } from './client/index.js';
export const n = async (): Promise<number> => (await listEvents()).data?.data[0]?.title ?? 0;
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: [],
    skipLibCheck: false,
    noUnusedLocals: true,
  },
  include: ['client/**/*.ts', '*.ts'],
};

async function tsc(folder: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: folder,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('@hey-api/openapi-ts client from openapi.json', () => {
  let folder: string;
  let t: TestApp;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hey-api-'));
    await createClient({
      input: OPENAPI,
      output: { path: join(folder, 'client') },
      logs: { level: 'silent' },
    });
    await writeFile(join(folder, 'package.json'), '{"type":"module"}\n');
    await writeFile(join(folder, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    await writeFile(join(folder, 'usage.ts'), USAGE);
    await writeFile(join(folder, 'wrong.ts'), WRONG_USAGE);
    t = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    for (const fn of cleanups) await fn();
    await rm(folder, { recursive: true, force: true });
  });

  test('the generated client and a listEvents call compile with tsc --strict; only a wrong use fails', async () => {
    // One tsc run (it is the slow part): the usage file must compile and the deliberately wrong one must not,
    // which shows that the check reads the types.
    const { code, output } = await tsc(folder);
    assert.equal(code, 2);
    assert.deepEqual(
      output.split('\n').filter((line) => /error TS\d+/.test(line)),
      ["wrong.ts(2,47): error TS2322: Type '0 | LanguageMap' is not assignable to type 'number'."],
    );
  });

  test('the generated listEvents reads the seed from the running service', async () => {
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    const usage = (await import(pathToFileURL(join(folder, 'usage.ts')).href)) as {
      firstTitle: (baseUrl: string) => Promise<Record<string, string> | undefined>;
    };
    const title = await usage.firstTitle(`http://127.0.0.1:${address.port}`);
    assert.equal(title?.en, 'NATO-Russia Council founded');
    assert.equal(title?.de, 'Gründung des Nato-Russland-Rats');
  });
});
