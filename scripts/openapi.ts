import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openPostgres } from '../src/db/connect.ts';

// Writes the OpenAPI document built from the route schemas to openapi.json (`npm run openapi`), or with
// --check fails when the committed file and the code disagree (CI).

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const DOCUMENT_SERVER = 'https://timeline.example.org';

export async function buildDocument(): Promise<string> {
  // The document needs the routes, not a database: a pg pool connects only when first queried.
  const database = openPostgres({ url: 'postgres://unused@127.0.0.1:1/unused', poolSize: 1, statementTimeoutMs: 1000, connectTimeoutMs: 1000 });
  const app = await buildApp({ config: loadConfig({ PUBLIC_BASE_URL: DOCUMENT_SERVER }), database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}

async function main(): Promise<void> {
  const document = await buildDocument();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
    if (committed !== document) {
      console.error('openapi.json does not match the route schemas: run `npm run openapi` and commit the result.');
      process.exit(1);
    }
    console.log('openapi.json matches the code.');
    return;
  }
  await writeFile(OPENAPI_FILE, document);
  console.log(`wrote ${OPENAPI_FILE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
