import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchChromium } from './support/browser';
import { startAppHost, type AppHost } from './support/appHost';

// The shared sample files live beside the repository, not in it: this conformance check runs
// only where they exist. The project's own fixtures cover the same ground in import.e2e.test.ts.
const samples = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'shared', 'samples');

describe.runIf(fs.existsSync(path.join(samples, 'accounts.csv')))('the shared sample accounts.csv through the UI', () => {
  let app: AppHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    app = await startAppHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('reports what the expected answers list and stages every row', async () => {
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(path.join(samples, 'accounts.csv'));
    await page.getByTestId('mapping-step').waitFor();
    await page.getByTestId('start-import').click();
    await page.getByTestId('report-step').waitFor({ timeout: 30_000 });
    const count = async (id: string) => (await page.getByTestId(`report-${id}`).locator('.stats__value').textContent())?.replace(/,/g, '');
    expect(await count('rows-read')).toBe('62');
    expect(await count('rows-staged')).toBe('62');
    expect(await count('rows-flagged')).toBe('1');
    expect(await count('errors')).toBe('1');
    expect(await count('warnings')).toBe('2');
    const findings = await page.getByTestId('finding-row').allTextContents();
    const has = (...parts: string[]) => findings.some((f) => parts.every((p) => f.includes(p)));
    expect(has('33', 'REPEATED_HEADER')).toBe(true);
    expect(has('56', 'DUPLICATE', '355465826')).toBe(true);
    expect(has('63', 'DUPLICATE', '334628822')).toBe(true);
    expect(has('Equal Access Code', 'UNMAPPED_COLUMN')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'samples-accounts-report.png'), fullPage: true });

    await page.getByTestId('view-staged-rows').click();
    await page.getByTestId('grid').waitFor();
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('62');
    await page.getByTestId('rows-flagged-only').check();
    await expect.poll(() => page.locator('[data-testid="grid-row"]:not([data-loading="true"])').count()).toBe(1);
    expect(await page.getByTestId('grid-row').first().textContent()).toContain('355465826');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'samples-accounts-flagged.png'), fullPage: true });
  });
});
