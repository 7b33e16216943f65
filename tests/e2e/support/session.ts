import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe';
import { ARTIFACTS_DIR, launchChromium } from './browser';
import { startAppHost, type AppHost } from './appHost';

export interface AppSessionOptions {
  /** Backend work before the page opens (imports, fixture files), with the host already running. */
  prepare?(app: AppHost): Promise<void>;
  /** Let the page download files (default false). */
  acceptDownloads?: boolean;
  /** Wait until the header names the e2e workspace before the first test (default true). */
  waitForWorkspace?: boolean;
  /** Also run the axe accessibility check on every `shot` (default false). */
  checkShots?: boolean;
}

export interface AppSession {
  app: AppHost;
  browser: Browser;
  page: Page;
  /** Every console error and uncaught page error the page has logged. */
  consoleErrors: string[];
  /**
   * A screenshot in tests/e2e/artifacts (`name` with or without `.png`); with `checkShots`, the
   * accessibility check of the same screen under the same name.
   */
  shot(name: string, options?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The app host, headless Chromium and one 1400×900 page on the app, collecting console errors.
 * Use in `beforeAll`, with `session.close()` in `afterAll`.
 */
export async function openAppSession(options: AppSessionOptions = {}): Promise<AppSession> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const app = await startAppHost();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app.close();
  };
  try {
    await options.prepare?.(app);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: options.acceptDownloads ?? false });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(app.host.url);
    if (options.waitForWorkspace !== false) await page.getByTestId('header-workspace').filter({ hasText: 'e2e' }).waitFor();
    const shot = async (name: string, shotOptions: { fullPage?: boolean } = {}) => {
      const base = name.replace(/\.png$/, '');
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${base}.png`), fullPage: shotOptions.fullPage ?? true });
      if (options.checkShots) await expectAccessible(page, base);
    };
    return { app, browser, page, consoleErrors, shot, close };
  } catch (e) {
    await close();
    throw e;
  }
}
