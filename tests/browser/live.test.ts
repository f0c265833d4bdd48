import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { eventInput } from '../helpers/fixtures.ts';
import { launchChromium, openViewer, serve } from './browser.ts';

// The viewer's live update in a real browser: an event created through the API while the page is open is
// drawn without a reload, because the page listens to /v1/changes/stream.

let browser: Browser;
const cleanups: (() => Promise<void>)[] = [];
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const cleanup of cleanups) await cleanup();
});

test('an event created through the API appears on the open page without a reload', async (t) => {
  const { app, db } = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
  const origin = await serve(app);
  const { token } = await createApiKey(db, { name: 'live viewer', scopes: ['write'] });
  const { page, problems, responses } = await openViewer(browser, `${origin}/timeline?lang=en`);
  t.after(() => page.close());
  assert.equal(await page.locator('#plot g.event').count(), 7);
  // Survives only if the page is not loaded again.
  await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });
  // The stream fixes its starting position before it answers: from its headers on, no change is missed.
  while (!responses.includes('/v1/changes/stream')) await new Promise((resolve) => setTimeout(resolve, 50));

  const response = await fetch(`${origin}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      eventInput({ slug: 'live-update-2022', date: '2022-03-04', title: { en: 'Live update meeting' } }),
    ),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const created = (await response.json()) as { id: string };

  await page
    .locator(`#plot g.event[data-id="${created.id}"]`)
    .waitFor({ state: 'attached', timeout: 30_000 });
  assert.equal(await page.locator('#plot g.event').count(), 8);
  assert.equal(await page.locator('#event-list li').count(), 8);
  assert.match((await page.locator('#event-list').textContent()) ?? '', /Live update meeting/);
  assert.equal(
    await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    true,
    'the page was not reloaded',
  );
  assert.deepEqual(problems, []);
});
