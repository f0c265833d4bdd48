import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openPostgres } from '../src/db/connect.ts';

// Writes the OpenAPI document built from the route schemas to openapi.json (`npm run openapi`), or with
// --check fails when the committed file and the code disagree (CI).

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const SDK_TYPES_FILE = fileURLToPath(new URL('../sdk/schema.d.ts', import.meta.url));
export const DOCUMENT_SERVER = 'https://timeline.example.org';

export async function buildDocument(): Promise<string> {
  // The document needs the routes, not a database: a pg pool connects only when first queried.
  const database = openPostgres({
    url: 'postgres://unused@127.0.0.1:1/unused',
    poolSize: 1,
    statementTimeoutMs: 1000,
    connectTimeoutMs: 1000,
  });
  const app = await buildApp({ config: loadConfig({ PUBLIC_BASE_URL: DOCUMENT_SERVER }), database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}

/** The SDK's TypeScript types, generated from the document by openapi-typescript. */
async function sdkTypes(document: string): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(JSON.parse(document), { silent: true });
  return `/**\n * Generated from openapi.json by \`npm run openapi\` (openapi-typescript). Do not edit.\n */\n\n${astToString(ast)}`;
}

async function main(): Promise<void> {
  const document = await buildDocument();
  const types = await sdkTypes(document);
  if (process.argv.includes('--check')) {
    const stale = [
      (await readFile(OPENAPI_FILE, 'utf8').catch(() => '')) !== document && 'openapi.json',
      (await readFile(SDK_TYPES_FILE, 'utf8').catch(() => '')) !== types && 'sdk/schema.d.ts',
    ].filter(Boolean);
    if (stale.length > 0) {
      console.error(
        `${stale.join(' and ')} do not match the route schemas: run \`npm run openapi\` and commit the result.`,
      );
      process.exit(1);
    }
    console.log('openapi.json and sdk/schema.d.ts match the code.');
    return;
  }
  await writeFile(OPENAPI_FILE, document);
  await writeFile(SDK_TYPES_FILE, types);
  console.log(`wrote ${OPENAPI_FILE} and ${SDK_TYPES_FILE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
