import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import type { AppHost } from './support/appHost';
import { openAppSession, type AppSession } from './support/session';
import { smallAccountsCsv } from './support/smallAccounts';
import { writeSyntheticAccounts } from '../../scripts/syntheticAccounts';

// The real renderer, built by electron-vite, driven in headless Chromium over the loopback
// transport of the same API contract the desktop app uses over IPC.
describe('import the accounts file through the UI', () => {
  let session: AppSession;
  let app: AppHost;
  let page: Page;

  beforeAll(async () => {
    session = await openAppSession({ waitForWorkspace: false });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('shows the open workspace', async () => {
    await expect.poll(() => page.getByTestId('header-workspace').textContent()).toContain('e2e');
  });

  it('imports a file: mapping step, progress, validation report', async () => {
    const file = path.join(app.dir, 'accounts.csv');
    fs.writeFileSync(file, smallAccountsCsv());
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('recognised-source').waitFor();
    expect(await page.getByTestId('source-accounts').isChecked()).toBe(true);
    await expectAccessible(page, 'import-recognised');
    await page.getByTestId('continue').click();
    await page.getByTestId('mapping-step').waitFor();
    expect(await page.getByTestId('file-encoding').textContent()).toContain('Windows-1252');
    const origins = await page.getByTestId('mapping-origin').allTextContents();
    expect(origins.length).toBe(7);
    await session.shot('import-mapping.png');
    await expectAccessible(page, 'import-mapping');

    await page.getByTestId('start-import').click();
    await page.getByTestId('report-step').waitFor({ timeout: 30_000 });
    const count = async (id: string) => (await page.getByTestId(`report-${id}`).locator('.stats__value').textContent())?.replace(/,/g, '');
    expect(await count('rows-read')).toBe('6');
    expect(await count('rows-staged')).toBe('6');
    expect(await count('rows-flagged')).toBe('2');
    expect(await count('errors')).toBe('2');
    expect(await count('warnings')).toBe('2');
    const rules = await page.getByTestId('findings-summary').textContent();
    expect(rules).toContain('DUPLICATE');
    expect(rules).toContain('REPEATED_HEADER');
    expect(rules).toContain('BAD_DATE');
    await session.shot('import-report.png');
    await expectAccessible(page, 'import-report');
  });

  it('browses the staged rows in the grid', async () => {
    await page.getByTestId('view-staged-rows').click();
    await page.getByTestId('grid').waitFor();
    await expect.poll(() => page.getByTestId('grid-row').count()).toBeGreaterThanOrEqual(6);
    // The count arrives after the first page ("Counting rows…" until then).
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('6');
    const firstRow = await page.getByTestId('grid-row').first().textContent();
    expect(firstRow).toContain('341705391');
    expect(firstRow).toContain('1310.50');
    await session.shot('staged-rows-grid.png');
    await expectAccessible(page, 'staged-rows-grid');

    await page.getByTestId('rows-search').fill('Testfield');
    await expect.poll(() => page.getByTestId('grid-row').count()).toBe(2);
    await page.getByTestId('rows-search').fill('');
    await page.getByTestId('rows-flagged-only').check();
    await expect.poll(() => page.getByTestId('grid-row').count()).toBe(2);
    await expectAccessible(page, 'staged-rows-flagged');
  });

  it('cancels a long import from the progress bar and leaves the workspace as it was', async () => {
    const big = path.join(app.dir, 'big-accounts.csv');
    writeSyntheticAccounts(big, 150_000);
    await page.getByTestId('nav-import').click();
    const another = page.getByTestId('import-another');
    if (await another.isVisible()) await another.click();
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('recognised-source').waitFor();
    expect(await page.getByTestId('source-accounts').isChecked()).toBe(true);
    await page.getByTestId('continue').click();
    await page.getByTestId('mapping-step').waitFor();
    await page.getByTestId('start-import').click();
    await page.getByTestId('progress-step').waitFor();
    await session.shot('import-progress.png');
    await page.getByTestId('cancel-import').click();
    await page.getByTestId('import-stopped').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-stopped').getAttribute('data-outcome')).toBe('cancelled');
    expect(await page.getByTestId('import-stopped-message').textContent()).toMatch(/unchanged|nothing was changed/i);
    await expectAccessible(page, 'import-stopped');
    // Still the six rows of the first import.
    await page.getByTestId('nav-rows').click();
    await expect.poll(() => page.getByTestId('row-count').textContent()).toMatch(/^6 rows/);
  });

  it('logged no errors in the browser console', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
