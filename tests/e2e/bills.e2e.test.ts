import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importThroughBackend, type AppHost } from './support/appHost';
import { openAppSession, type AppSession } from './support/session';
import { writeSourceFixtures } from './support/sourceFixtures';

// The bills screen: a workspace built from the project's own small fixture files (imported
// through the backend for speed), then in the browser: run the bills, read the summary,
// download its PDF, and see that the officer who made the run cannot approve it.
describe('bill runs through the UI', () => {
  let session: AppSession;
  let app: AppHost;
  let page: Page;

  beforeAll(async () => {
    // Every screenshot is of a screen worth checking for accessibility too.
    session = await openAppSession({
      acceptDownloads: true,
      checkShots: true,
      prepare: async (host) => {
        for (const f of await writeSourceFixtures(path.join(host.dir, 'fixtures'))) await importThroughBackend(host, f);
      },
    });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

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
    await session.shot('bills-settings.png');
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
    await session.shot('bills-summary.png');

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
    await session.shot('bills-runs.png');
    expect(session.consoleErrors).toEqual([]);
  });
});
