import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { launchChromium, serve } from '../tests/browser/browser.ts';
import { generatedEvents } from '../tests/browser/generated-events.ts';
import { createTestDatabase } from '../tests/helpers/database.ts';
import { insertEvents } from '../tests/helpers/rows.ts';

// First render of the viewer on 1,000 events, in Debian's Chromium: from navigation start to the page's
// `viewer:rendered` mark (all events and gap pages read, histogram read, everything drawn). Each run opens a
// fresh browser context, so the D3 files and the page come over the wire every time (cold cache); a second
// load in the same context measures a warm cache. Not a test: a figure to compare with the budget.
//   npm run bench:viewer -- [--events 1000] [--runs 7]
// On PGlite by default; TEST_DATABASE_URL=postgres://… runs it on server PostgreSQL.

const BUDGET_MS = 3000;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}
const events = option('events', 1000);
const runs = option('runs', 7);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const database = await createTestDatabase();
const config = loadConfig({
  ...(database.url ? { DATABASE_URL: database.url } : {}),
  SEED_ON_EMPTY: 'false',
  RATE_LIMIT_READS_PER_MINUTE: '0',
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
});
process.stdout.write(`loading ${events} generated events… `);
await insertEvents(database.db, 'viewer-bench', generatedEvents(events));
const app = await buildApp({ config, database });
const origin = await serve(app);
const browser = await launchChromium();
console.log(`done; ${database.url ? 'PostgreSQL' : 'PGlite'}, Chromium ${browser.version()}`);

const url = `${origin}/timeline?tag=viewer-bench&lang=en`;
async function renderTime(page: import('playwright-core').Page): Promise<{ total: number; modules: number }> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.rendered === 'true', null, { timeout: 120_000 });
  const drawn = await page.locator('#plot g.event').count();
  if (drawn !== events) throw new Error(`drew ${drawn} events of ${events}: fix the viewer before timing it`);
  // A string, not a function: tsx would wrap a named function in a helper the page does not have.
  return page.evaluate(`({
    total: performance.getEntriesByName('viewer:rendered')[0].startTime,
    modules: performance.getEntriesByName('viewer:start')[0].startTime,
  })`);
}

const cold: number[] = [];
const coldModules: number[] = [];
const warm: number[] = [];
try {
  for (let run = 0; run <= runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const first = await renderTime(page);
    const second = await renderTime(page);
    await context.close();
    // Run 0 warms the server (JIT, database caches) and is not counted.
    if (run > 0) {
      cold.push(first.total);
      coldModules.push(first.modules);
      warm.push(second.total);
    }
    console.log(
      `run ${run}${run === 0 ? ' (warm-up)' : ''}: cold ${first.total.toFixed(0)} ms (modules ready at ${first.modules.toFixed(0)} ms), warm ${second.total.toFixed(0)} ms`,
    );
  }
} finally {
  await browser.close();
  await app.close();
  await database.close();
}
const line = (name: string, values: number[]) =>
  `${name}: median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
console.log(`\nfirst render of ${events} events, ${runs} runs`);
console.log(line('cold cache', cold));
console.log(line('  of which page and modules loaded', coldModules));
console.log(line('warm cache', warm));
console.log(
  `budget ${BUDGET_MS} ms (cold cache median): ${median(cold) <= BUDGET_MS ? 'within' : 'OVER'} budget`,
);
