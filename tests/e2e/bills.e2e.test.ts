import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchChromium } from './support/browser';
import { expectAccessible } from './support/axe';
import { startAppHost, type AppHost } from './support/appHost';
import { writeSourceFixtures } from './support/sourceFixtures';

// The bills screen: a workspace built from the project's own small fixture files (imported
// through the backend for speed), then in the browser: run the bills, read the summary,
// download its PDF, and see that the officer who made the run cannot approve it.
describe('bill runs through the UI', () => {
  let app: AppHost;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  // Every screenshot is of a screen worth checking for accessibility too.
  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });
    await expectAccessible(page, name.replace(/\.png$/, ''));
  };

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    app = await startAppHost();
    const h = app.services.handlers;
    for (const f of await writeSourceFixtures(path.join(app.dir, 'fixtures'))) {
      const ref = await h['files/registerPath']({ path: f.file });
      const proposal = await h['import/inspect']({ file: ref.token, source: f.source });
      const { jobId } = await h['import/start']({ file: ref.token, source: f.source, mapping: proposal.mapping, ...(f.run ? { run: f.run } : {}) });
      const state = await app.services.jobs.wait(jobId);
      if (state.status !== 'succeeded') throw new Error(`importing ${f.source}: ${state.error?.message ?? state.status}`);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(app.host.url);
    await page.getByTestId('header-workspace').filter({ hasText: 'e2e' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the billing settings', async () => {
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bills-screen').waitFor();
    await page.getByTestId('setting-issueDate').waitFor();
    expect(await page.getByTestId('setting-periodStart').inputValue()).toBe('2021-04-01');
    // A bill number that is not a number is refused before anything is saved.
    const first = await page.getByTestId('setting-firstBillNumber').inputValue();
    await page.getByTestId('setting-firstBillNumber').fill('abc');
    await page.getByTestId('save-settings').click();
    await expect.poll(() => page.getByTestId('settings-problems').textContent()).toContain('whole number');
    await page.getByTestId('setting-firstBillNumber').fill(first);
    await page.getByTestId('save-settings').click();
    await expect.poll(() => page.getByTestId('settings-message').textContent()).toContain('saved');
    await shot('bills-settings.png');
  });

  it('runs the bills and shows the summary with counts and totals', async () => {
    await page.getByTestId('run-bills').click();
    await page.getByTestId('bill-summary').waitFor({ timeout: 60_000 });
    const heading = await page.locator('#bill-summary-heading').textContent();
    expect(heading).toMatch(/Bill run 1: \d+ bills?, \d+ accounts? excluded/);
    const runs = await app.services.handlers['billing/runs']({});
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect(heading).toContain(`${run.bills} bill`);
    expect(heading).toContain(`${run.excluded} account`);
    expect(run.bills + run.excluded).toBeGreaterThan(0);
    const chartRows = (await page.getByTestId('profile-chart-row').count()) + (await page.getByTestId('reason-chart-row').count());
    expect(chartRows).toBeGreaterThan(0);
    expect(await page.getByTestId('template-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('template-totals').textContent()).toContain('£');
    expect(fs.existsSync(path.join(app.dir, 'bill-runs', 'run-1', 'summary.pdf'))).toBe(true);
    await shot('bills-summary.png');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-summary-pdf').click()]);
    expect(download.suggestedFilename()).toBe('run-1-summary.pdf');
    const saved = path.join(app.dir, 'downloaded-summary.pdf');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('lists the run as a draft and refuses approval by the officer who made it', async () => {
    const row = page.getByTestId('run-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().getAttribute('data-status')).toBe('draft');
    expect(await page.getByTestId('approve-1').isDisabled()).toBe(true);
    await page.getByTestId('approve-note-1').fill('Checked the totals against the summary.');
    await page.getByTestId('approve-1').click();
    await expect.poll(() => page.getByTestId('runs-error').textContent()).toContain('another officer must approve it');
    expect(await row.first().getAttribute('data-status')).toBe('draft');
    await shot('bills-runs.png');
    expect(consoleErrors).toEqual([]);
  });
});
