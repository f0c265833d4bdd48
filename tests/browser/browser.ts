import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';

// The browser tests drive the Chromium of the machine (Debian's `chromium`) and never download one.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

/** Has the app listen on a free loopback port; returns its origin. */
export async function serve(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export interface ViewerPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed requests and 4xx/5xx responses, as lines. */
  problems: string[];
  /** The paths of the responses the page received, in order (an endless stream counts from its headers). */
  responses: string[];
}

/** Opens a viewer URL at a viewport width and waits until the page says it has drawn (or failed). */
export async function openViewer(browser: Browser, url: string, width = 1280): Promise<ViewerPage> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'en-GB' });
  const problems: string[] = [];
  const responses: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    responses.push(new URL(response.url()).pathname);
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => ['true', 'error'].includes(document.body.dataset.rendered ?? ''), null, {
    timeout: 60_000,
  });
  return { page, problems, responses };
}
