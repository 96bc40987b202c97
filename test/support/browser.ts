import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { DEMO_PASSWORD } from '../../seeders/demo.js';
import { startTestApp, type TestApp } from './harness.js';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or null when they can. In CI a missing Chromium is a failure,
 * not a skip: the test then runs and fails at launch, naming the path.
 */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH) || process.env.CI) return null;
  return `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves the app on a free loopback port; returns its base URL and a close function. */
export async function listen(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface BrowserSession {
  t: TestApp;
  server: Awaited<ReturnType<typeof listen>>;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** The app with its back office on a real port and a Chromium page, for a browser test file. */
export async function startBrowserSession(): Promise<BrowserSession> {
  const t = await startTestApp({ admin: true });
  const server = await listen(t.app);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  // The first page builds the components bundle (rollup + babel): slow on a loaded machine.
  page.setDefaultTimeout(90_000);
  return {
    t,
    server,
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
      await t.close();
    },
  };
}

/**
 * A describe block run in Chromium against the back office on a real port (one session for the
 * block), skipped with the reason where there is no Chromium. `session()` is the open session.
 */
export function describeInBrowser(name: string, body: (session: () => BrowserSession) => void): void {
  const skipReason = browserSkipReason();
  if (skipReason) console.warn(`[tests] browser test skipped: ${skipReason}`);
  describe.skipIf(skipReason !== null)(name, () => {
    let open: BrowserSession | undefined;
    beforeAll(async () => {
      open = await startBrowserSession();
    });
    afterAll(() => open?.close());
    body(() => {
      if (!open) throw new Error('the browser session is not open');
      return open;
    });
  });
}

/** Signs a demo staff member in through the login form, as a person would. */
export async function signInPage({ page, server }: BrowserSession, email: string, password = DEMO_PASSWORD): Promise<void> {
  // Wait until React has taken over the server-rendered form, or the typed values are lost.
  await page.goto(`${server.baseUrl}/admin/login`, { waitUntil: 'networkidle' });
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${server.baseUrl}/admin`, { waitUntil: 'commit' }), page.click('form button')]);
}
