import { seedDatabase } from '../seeds/load.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { launchChromium, openViewer, serve } from '../tests/browser/browser.ts';
import { createTestDatabase } from '../tests/helpers/database.ts';

// The README's screenshots of the viewer, made by Chromium on the seed data: `npm run viewer:screenshots`.
// The open gap runs up to today, so the pictures change a little with the date they are made.

const shots = [
  { file: 'docs/img/viewer-nrc.png', query: '?actor=nato-russia-council&lang=en', width: 1280, open: false },
  { file: 'docs/img/viewer-360.png', query: '?actor=nato-russia-council&lang=de', width: 360, open: false },
  { file: 'docs/img/viewer-detail.png', query: '?lang=en', width: 1280, open: true },
];

const database = await createTestDatabase();
await seedDatabase(database.db);
const app = await buildApp({
  config: loadConfig({ ...(database.url ? { DATABASE_URL: database.url } : {}), SEED_ON_EMPTY: 'false' }),
  database,
});
const origin = await serve(app);
const browser = await launchChromium();
try {
  for (const shot of shots) {
    const { page, problems } = await openViewer(browser, `${origin}/timeline${shot.query}`, shot.width);
    if (problems.length > 0) throw new Error(`the page had problems:\n${problems.join('\n')}`);
    if (shot.open) {
      await page.locator('#event-list button', { hasText: 'Zakharova' }).click();
      await page.waitForFunction(() => document.querySelector('#detail blockquote') !== null);
    }
    await page.screenshot({ path: shot.file, fullPage: !shot.open });
    console.log(`${shot.file}: ${shot.width} px`);
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
  await database.close();
}
