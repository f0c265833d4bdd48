import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApp } from '../helpers/app.ts';
import { insertEvents, uniqueTag } from '../helpers/rows.ts';
import { launchChromium, openViewer, serve } from './browser.ts';
import { generatedEvents } from './generated-events.ts';

// The viewer in a real browser (Debian's Chromium through playwright-core): what it draws against what the
// API answers for the same query. Run with `npm run test:browser` (not part of `npm test`).

interface ApiEvent {
  id: string;
  title: Record<string, string>;
  date: { edtf: string; precision: string };
}
interface ApiGap {
  certain: { start: string; end: string; days: number };
  open: boolean;
}
interface GapReport {
  data: ApiGap[];
  since_last: ApiGap | null;
  longest: ApiGap | null;
  events_considered: number;
}

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function apiJson<T>(origin: string, path: string): Promise<T> {
  const response = await fetch(`${origin}${path}`);
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return (await response.json()) as T;
}

describe('the viewer on the seed data (the NRC timeline)', () => {
  let origin: string;
  before(async () => {
    const { app } = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
    origin = await serve(app);
  });

  test('draws one mark per event the API lists, each shaped by its date', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?lang=en`);
    t.after(() => page.close());
    const { data } = await apiJson<{ data: ApiEvent[] }>(origin, '/v1/events?limit=500');
    assert.equal(data.length, 7);
    const drawn = await page
      .locator('#plot g.event')
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ id: node.getAttribute('data-id'), classes: node.getAttribute('class') })),
      );
    assert.deepEqual(drawn.map((d) => d.id).sort(), data.map((e) => e.id).sort());
    const classesOf = (edtf: string) => {
      const event = data.find((e) => e.date.edtf === edtf);
      return drawn.find((d) => d.id === event?.id)?.classes?.split(' ') ?? [];
    };
    // A month-precision meeting is a band over its month; a day is a point mark; an interval has a core.
    assert.ok(classesOf('2019-07').includes('shape-coarse'), 'the July 2019 meeting is a band');
    assert.ok(classesOf('2019-07').includes('precision-month'));
    assert.ok(classesOf('2021-06-07').includes('shape-day'), 'a day is a point mark');
    assert.ok(classesOf('2014-06/2016-04').includes('shape-interval'));
    assert.ok(classesOf('2021-06-07~').includes('approximate'));
    assert.equal(await page.locator('#plot g.event.approximate').count(), 2);
    assert.equal(await page.locator('#event-list li').count(), 7);
    assert.equal((await page.locator('#histogram rect.bar').count()) > 0, true);
    assert.deepEqual(problems, []);
  });

  test("shows the gaps with /v1/gaps' numbers: longest, since the last event, every span", async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?actor=nato-russia-council`);
    t.after(() => page.close());
    const report = await apiJson<GapReport>(origin, '/v1/gaps?actor=nato-russia-council&limit=500');
    assert.ok(report.longest && report.since_last, 'the NRC timeline has a longest gap and an open one');
    const fact = (key: string) => page.locator(`#gap-facts dd[data-gap="${key}"]`);
    assert.equal(await fact('longest').getAttribute('data-days'), String(report.longest.certain.days));
    assert.equal(report.longest.certain.days, 4170);
    assert.match((await fact('longest').textContent()) ?? '', /4,170 days/);
    assert.equal(await fact('since-last').getAttribute('data-days'), String(report.since_last.certain.days));
    assert.equal(await fact('count').getAttribute('data-days'), String(report.data.length));
    assert.equal(await fact('events').getAttribute('data-days'), String(report.events_considered));
    const drawnGaps = await page
      .locator('#plot g.gap')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-certain-days'))));
    const apiGaps = report.data.map((g) => g.certain.days);
    if (!report.data.some((g) => g.open)) apiGaps.push(report.since_last.certain.days);
    assert.deepEqual(drawnGaps, apiGaps);
    assert.equal(await page.locator('#plot g.gap.longest').getAttribute('data-certain-days'), '4170');
    assert.deepEqual(problems, []);
  });

  test('speaks German with lang=de: labels, dates and event titles', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?lang=de`);
    t.after(() => page.close());
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await page.textContent('h1'), 'Zeitleiste diplomatischer Ereignisse');
    assert.equal(await page.textContent('#list-heading'), 'Ereignisse');
    assert.equal(await page.textContent('#gaps-heading'), 'Lücken');
    assert.equal(await page.textContent('#query button[type="submit"]'), 'Anzeigen');
    assert.match((await page.textContent('#gap-facts dd[data-gap="longest"]')) ?? '', /^4\.170 Tage/);
    const first = page.locator('#event-list li').first();
    assert.equal(await first.locator('.title').textContent(), 'Gründung des Nato-Russland-Rats');
    assert.equal(await first.locator('.date').textContent(), '2002');
    assert.deepEqual(problems, []);
  });

  test('the keyboard reaches the events, moves between them and opens the detail panel', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?lang=en`);
    t.after(() => page.close());
    // Tab from the top of the page until an event of the chart has the focus: the chart is in the tab order.
    let presses = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('event')))) {
      await page.keyboard.press('Tab');
      presses += 1;
      assert.ok(presses < 30, 'no event of the chart is reachable with Tab');
    }
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const focusedId = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    const event = await apiJson<ApiEvent & { sources: { quote?: string }[] }>(
      origin,
      `/v1/events/${focusedId}`,
    );
    assert.equal(event.title.en, 'NATO-Russia Council meets again');
    await page.keyboard.press('Enter');
    await page.locator('#detail').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('#detail .sources li') !== null);
    assert.equal(await page.textContent('#detail-title'), 'NATO-Russia Council meets again');
    assert.equal(await page.locator('#detail .sources li').count(), event.sources.length);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'detail-body');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#detail').isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), focusedId);
    assert.deepEqual(problems, []);
  });

  test('the detail panel shows quotes in their language and links the sources', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?lang=en`);
    t.after(() => page.close());
    const { data } = await apiJson<{ data: (ApiEvent & { sources: { quote?: string; lang?: string }[] })[] }>(
      origin,
      '/v1/events?limit=500',
    );
    const quoted = data.find((e) => e.sources.some((s) => s.quote));
    assert.ok(quoted, 'the seed has a quote');
    await page.locator(`#event-list button[data-id="${quoted.id}"]`).click();
    await page.waitForFunction(() => document.querySelector('#detail blockquote') !== null);
    const quote = quoted.sources.find((s) => s.quote)!;
    const shown = page.locator('#detail blockquote').first();
    assert.equal((await shown.textContent())?.startsWith(quote.quote!), true);
    assert.equal(await shown.getAttribute('lang'), quote.lang ?? null);
    assert.deepEqual(problems, []);
  });

  test('the URL is the query: the form changes it, and the view follows', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?from=2014&lang=en`);
    t.after(() => page.close());
    const before2014 = await apiJson<{ data: ApiEvent[] }>(origin, '/v1/events?from=2014&limit=500');
    assert.equal(await page.locator('#plot g.event').count(), before2014.data.length);
    assert.equal(await page.inputValue('input[name="from"]'), '2014');
    await page.fill('input[name="from"]', '');
    await page.fill('input[name="to"]', '2016');
    await page.press('input[name="to"]', 'Enter');
    await page.waitForURL(/to=2016/);
    await page.waitForFunction(() => document.body.dataset.rendered === 'true');
    const to2016 = await apiJson<{ data: ApiEvent[] }>(origin, '/v1/events?to=2016&limit=500');
    const query = new URL(page.url()).searchParams;
    assert.deepEqual([...query.entries()].sort(), [
      ['lang', 'en'],
      ['to', '2016'],
    ]);
    assert.equal(await page.locator('#plot g.event').count(), to2016.data.length);
    assert.equal(to2016.data.length, 3);
    assert.deepEqual(problems, []);
  });

  test('fits a 360 px wide screen without horizontal scrolling', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?lang=de`, 360);
    t.after(() => page.close());
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      plot: document.getElementById('plot')?.getBoundingClientRect().right ?? 0,
    }));
    assert.ok(widths.page <= 360, `the page is ${widths.page} px wide`);
    assert.ok(widths.plot <= 360, `the chart reaches ${widths.plot} px`);
    assert.equal(await page.locator('#plot g.event').count(), 7);
    assert.deepEqual(problems, []);
  });
});

describe('the viewer on 1,000 generated events', () => {
  let origin: string;
  const tag = uniqueTag('viewer');
  before(async () => {
    const { app, db } = await createTestApp({ after: (fn) => cleanups.push(fn) });
    await insertEvents(db, tag, generatedEvents(1000));
    origin = await serve(app);
  });

  test('draws all 1,000 events, every shape of date among them, and lists them', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?tag=${tag}`);
    t.after(() => page.close());
    assert.equal(await page.locator('#plot g.event').count(), 1000);
    assert.equal(await page.locator('#event-list li').count(), 1000);
    for (const kind of [
      'shape-day',
      'shape-coarse',
      'shape-interval',
      'open',
      'unknown',
      'approximate',
      'uncertain',
    ]) {
      assert.ok((await page.locator(`#plot g.event.${kind}`).count()) > 0, `no ${kind} mark drawn`);
    }
    assert.equal(await page.locator('#plot g.event.open .arrow').count(), 20);
    const report = await apiJson<GapReport>(origin, `/v1/gaps?tag=${tag}&limit=500`);
    assert.equal(
      await page.locator('#gap-facts dd[data-gap="events"]').getAttribute('data-days'),
      String(report.events_considered),
    );
    assert.deepEqual(problems, []);
  });

  test('zooms with the keyboard: + narrows the axis to fewer years, 0 shows the whole timeline again', async (t) => {
    const { page, problems } = await openViewer(browser, `${origin}/timeline?tag=${tag}`);
    t.after(() => page.close());
    const firstTick = () => page.locator('#plot .axis .tick text').first().textContent();
    const wholeFirst = await firstTick();
    await page.locator('#plot g.event[tabindex="0"]').focus();
    const yearsShown = () =>
      page.evaluate(() => {
        const years = [...document.querySelectorAll('#plot .axis .tick text')].map((n) =>
          Number(/\d{4}/.exec(n.textContent ?? '')?.[0]),
        );
        return Math.max(...years) - Math.min(...years);
      });
    const wholeYears = await yearsShown();
    assert.ok(wholeYears >= 30, `the whole timeline shows ${wholeYears} years`);
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('+');
    assert.notEqual(await firstTick(), wholeFirst);
    assert.ok((await yearsShown()) <= 3, `zoomed in, the axis still shows ${await yearsShown()} years`);
    await page.keyboard.press('0');
    assert.equal(await firstTick(), wholeFirst);
    assert.deepEqual(problems, []);
  });
});
