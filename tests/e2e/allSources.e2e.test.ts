import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHost } from './support/appHost';
import { openAppSession, type AppSession } from './support/session';
import { chooseFile, importThroughUi, stagedRowCount } from './support/importFlow';
import { DECEASED, writeSourceFixtures, type SourceFixture } from './support/sourceFixtures';

// Every source through the UI with the project's own small synthetic files: the app must
// recognise each file, import it, and show its report; then the deaths screen and the
// validation report download.
describe('import every source through the UI', () => {
  let session: AppSession;
  let app: AppHost;
  let page: Page;
  let fixtures: SourceFixture[];

  beforeAll(async () => {
    // Every screenshot is of a screen worth checking for accessibility too.
    session = await openAppSession({
      acceptDownloads: true,
      checkShots: true,
      prepare: async (host) => {
        fixtures = await writeSourceFixtures(path.join(host.dir, 'fixtures'));
      },
    });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  const fixture = (source: string) => {
    const f = fixtures.find((x) => x.source === source);
    if (!f) throw new Error(`no fixture for ${source}`);
    return f;
  };

  it('recognises the workbook, offers every source, and lets the officer pick the sheet', async () => {
    const f = fixture('accounts');
    expect(await chooseFile(page, f.file)).toBe('accounts');
    expect(await page.getByTestId('recognised-source').textContent()).toContain('This looks like Academy accounts');
    expect(await page.locator('[data-testid^="source-"][type="radio"]').count()).toBe(9);
    expect(await page.getByTestId('source-accounts').isChecked()).toBe(true);
    await session.shot('import-recognised.png');

    const counts = await importThroughUi(page, f.file, {
      onCheck: async (p) => {
        const select = p.getByTestId('sheet-select');
        expect(await select.locator('option').allTextContents()).toEqual(['Accounts', 'Notes']);
        expect(await select.inputValue()).toBe('Accounts');
        // Another sheet re-reads the file; then back to the accounts.
        await select.selectOption('Notes');
        await expect.poll(() => p.getByTestId('file-sheet').textContent()).toContain('Notes');
        await select.selectOption('Accounts');
        await expect.poll(() => p.getByTestId('file-sheet').textContent()).toContain('Accounts');
        await expect.poll(() => p.getByTestId('mapping-row').count()).toBe(8);
        await session.shot('import-sheet-select.png');
      },
    });
    expect(counts).toMatchObject({ recognised: 'accounts', ...f.expect, errors: 0 });
    expect(await page.getByTestId('report-sheet').textContent()).toBe('Accounts');
  });

  it.each(['valuation_office_bands', 'vo_bands_breakdown', 'direct_debit_discrepancies', 'cash_payments', 'working_age_ctr'])(
    'imports the %s CSV as recognised',
    async (source) => {
      const f = fixture(source);
      const counts = await importThroughUi(page, f.file);
      expect(counts).toMatchObject({ recognised: source, ...f.expect, errors: 0 });
    },
  );

  it('imports the print-house bills with the print run the officer confirms', async () => {
    const f = fixture('fdm_bills');
    const counts = await importThroughUi(page, f.file, {
      run: f.run,
      onCheck: async (p) => {
        expect(await p.getByTestId('mapping-table').count()).toBe(0);
        expect(await p.getByTestId('run-input').inputValue()).toBe('dd');
        await p.getByTestId('run-input').fill('');
        expect(await p.getByTestId('start-import').isDisabled()).toBe(true);
        await p.getByTestId('run-input').fill(f.run ?? 'dd');
        await session.shot('import-fdm-run.png');
      },
    });
    expect(counts).toMatchObject({ recognised: 'fdm_bills', ...f.expect, errors: 0 });
    expect(await page.getByTestId('report-run').textContent()).toBe('dd');
  });

  it('imports the exemption notices and the deaths list without a mapping', async () => {
    for (const source of ['fdm_exemptions', 'death_list'] as const) {
      const f = fixture(source);
      const counts = await importThroughUi(page, f.file, {
        onCheck: async (p) => {
          expect(await p.getByTestId('mapping-table').count()).toBe(0);
          expect(await p.getByTestId('file-facts').textContent()).toContain(path.basename(f.file));
          if (source === 'death_list') await session.shot('import-deaths-check.png');
        },
      });
      expect(counts).toMatchObject({ recognised: source, ...f.expect, errors: 0 });
    }
    await session.shot('import-report-deaths.png');
  });

  it('shows every source in the staged rows, with lists readable', async () => {
    for (const f of fixtures) expect(await stagedRowCount(page, f.source)).toBe(f.expect.rowsStaged);
    await stagedRowCount(page, 'fdm_bills');
    await expect.poll(() => page.getByTestId('grid-row').count()).toBe(2);
    const second = await page.getByTestId('grid-row').nth(1).textContent();
    expect(second).toContain('MR JOSÉ MOCKINGTON');
    expect(second).not.toContain('["');
    await session.shot('staged-rows-fdm-bills.png');
  });

  it('confirms a death on the Deaths screen', async () => {
    await page.getByTestId('nav-deaths').click();
    await page.getByTestId('deaths-screen').waitFor();
    await expect.poll(() => page.getByTestId('death-row').count()).toBe(2);
    const matched = page.getByTestId('death-row').filter({ hasText: DECEASED.name });
    const entryId = await matched.getAttribute('data-entry');
    expect(await matched.getByTestId('death-proposed').textContent()).toContain(DECEASED.account);
    await session.shot('deaths-screen.png');

    await page.getByTestId(`confirm-${entryId}`).click();
    await expect.poll(() => matched.getAttribute('data-status')).toBe('confirmed');
    expect(await page.getByTestId('deaths-message').textContent()).toContain(DECEASED.account);

    // The other entry has no proposal: "Confirm all" marks it not found.
    await page.getByTestId('confirm-all').click();
    await expect.poll(() => page.getByTestId('death-row').filter({ hasText: 'Nomatchley' }).getAttribute('data-status')).toBe('not_found');
    await session.shot('deaths-decided.png');
  });

  it('downloads the validation report from the Findings screen, as CSV and Excel', async () => {
    await page.getByTestId('nav-findings').click();
    await page.getByTestId('findings-screen').waitFor();
    await page.locator('[data-testid="findings-grouped"], [data-testid="findings-grouped-empty"]').first().waitFor();
    await session.shot('findings-screen-all-sources.png');

    const findings = page.getByTestId('findings-screen');
    const [csv] = await Promise.all([page.waitForEvent('download'), findings.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^validation-report-.*\.csv$/);
    const csvPath = path.join(app.dir, csv.suggestedFilename());
    await csv.saveAs(csvPath);
    expect(fs.readFileSync(csvPath, 'utf8').length).toBeGreaterThan(0);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), findings.getByTestId('export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const xlsxPath = path.join(app.dir, xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxPath);
    expect(fs.readFileSync(xlsxPath).subarray(0, 2).toString()).toBe('PK');
    expect(await findings.getByTestId('export-message').textContent()).toContain('downloading');
  });

  it('downloads the report from the report step too', async () => {
    const f = fixture('cash_payments');
    await importThroughUi(page, f.file);
    const report = page.getByTestId('report-step');
    const [csv] = await Promise.all([page.waitForEvent('download'), report.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await session.shot('import-report-export.png');
  });

  it('logged no errors in the browser console', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
