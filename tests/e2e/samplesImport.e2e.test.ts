import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { openAppSession, type AppSession } from './support/session';
import { importThroughUi, stagedRowCount } from './support/importFlow';
import type { ImportableSource } from '../../shared/sources/catalog';

// The shared sample files live beside the repository, not in it: this conformance check runs
// only where they exist. The project's own fixtures cover the same ground in import.e2e.test.ts.
const samples = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'shared', 'samples');

describe.runIf(fs.existsSync(path.join(samples, 'accounts.csv')))('the shared sample files through the UI', () => {
  let session: AppSession;
  let page: Page;

  beforeAll(async () => {
    session = await openAppSession({ waitForWorkspace: false });
    ({ page } = session);
  });

  afterAll(() => session?.close());

  it('reports what the expected answers list and stages every row', async () => {
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(path.join(samples, 'accounts.csv'));
    await page.getByTestId('recognised-source').waitFor();
    expect(await page.getByTestId('source-accounts').isChecked()).toBe(true);
    await page.getByTestId('continue').click();
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
    await session.shot('samples-accounts-report.png');

    await page.getByTestId('view-staged-rows').click();
    await page.getByTestId('grid').waitFor();
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('62');
    await page.getByTestId('rows-flagged-only').check();
    await expect.poll(() => page.locator('[data-testid="grid-row"]:not([data-loading="true"])').count()).toBe(1);
    expect(await page.getByTestId('grid-row').first().textContent()).toContain('355465826');
    await session.shot('samples-accounts-flagged.png');
  });

  // Every other sample, each recognised as its source; the print runs typed as the officer would.
  const SAMPLES: { file: string; source: ImportableSource; run?: string }[] = [
    { file: 'cash_payments.csv', source: 'cash_payments' },
    { file: 'direct_debit_discrepancies.csv', source: 'direct_debit_discrepancies' },
    { file: 'valuation_office_bands.csv', source: 'valuation_office_bands' },
    { file: 'vo_bands_breakdown.csv', source: 'vo_bands_breakdown' },
    { file: 'working_age_ctr.csv', source: 'working_age_ctr' },
    { file: 'fdm_bills_dd.txt', source: 'fdm_bills', run: 'dd' },
    { file: 'fdm_bills_cash.txt', source: 'fdm_bills', run: 'cash' },
    { file: 'fdm_bills_props.txt', source: 'fdm_bills', run: 'props' },
    { file: 'fdm_exemptions.txt', source: 'fdm_exemptions' },
    { file: 'death_list.pdf', source: 'death_list' },
    { file: 'death_list.txt', source: 'death_list' },
  ];
  const STAGED: Record<ImportableSource, number> = {
    accounts: 62,
    fdm_bills: 58,
    fdm_exemptions: 6,
    working_age_ctr: 4,
    valuation_office_bands: 61,
    vo_bands_breakdown: 24,
    direct_debit_discrepancies: 55,
    cash_payments: 157,
    death_list: 3,
  };

  it('imports every other sample file as the source it is recognised as', async () => {
    const seen: string[] = [];
    for (const s of SAMPLES) {
      const counts = await importThroughUi(page, path.join(samples, s.file), { run: s.run });
      seen.push(`${s.file}: ${counts.recognised} read ${counts.rowsRead} staged ${counts.rowsStaged}`);
      expect(counts.recognised, s.file).toBe(s.source);
      if (s.run) expect(await page.getByTestId('report-run').textContent()).toBe(s.run);
    }
    console.log(seen.join('\n'));
    for (const [source, n] of Object.entries(STAGED)) expect(await stagedRowCount(page, source as ImportableSource), source).toBe(n);
    await session.shot('samples-staged-rows.png');
  });

  it('imports the XLSX twins over the CSV files with the same staged rows', async () => {
    for (const [file, source] of [
      ['direct_debit_discrepancies.xlsx', 'direct_debit_discrepancies'],
      ['valuation_office_bands.xlsx', 'valuation_office_bands'],
    ] as const) {
      const counts = await importThroughUi(page, path.join(samples, file));
      expect(counts.recognised, file).toBe(source);
      expect(await page.getByTestId('report-sheet').count()).toBe(1);
      expect(await stagedRowCount(page, source), file).toBe(STAGED[source]);
    }
    for (const [source, n] of Object.entries(STAGED)) expect(await stagedRowCount(page, source as ImportableSource), source).toBe(n);
  });

  it('lists the three deaths on the Deaths screen', async () => {
    await page.getByTestId('nav-deaths').click();
    await page.getByTestId('deaths-screen').waitFor();
    await expect.poll(() => page.getByTestId('death-row').count()).toBe(3);
    await session.shot('samples-deaths.png');
  });

  it('confirms the proposals and runs the bills from the Bills screen: the files match the expected output byte for byte', async () => {
    await page.getByTestId('confirm-all').click();
    await expect.poll(() => page.locator('[data-testid="death-row"][data-status="unmatched"]').count()).toBe(0);
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bills-screen').waitFor();
    await page.getByTestId('run-bills').click();
    await page.getByTestId('bill-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('bill-summary').locator('h2').textContent()).toContain('29 bills, 31 accounts excluded');
    const totals = await page.getByTestId('template-row').allTextContents();
    expect(totals.join(' | ')).toContain('£16,177.11');
    expect(totals.join(' | ')).toContain('£5,108.55');
    await session.shot('samples-bills-summary.png');
    const outDir = (await page.getByTestId('bill-out-dir').textContent())!.trim();
    for (const t of ['dd_100', 'dd_75', 'cash_100', 'cash_75']) {
      for (const f of [`${t}.txt`, `${t}.manifest.csv`]) {
        expect(fs.readFileSync(path.join(outDir, f)).equals(fs.readFileSync(path.join(samples, 'expected', 'bills_text', f))), f).toBe(true);
      }
    }
    for (const f of ['exclusions.csv', 'summary.html', 'summary.pdf', 'run.json']) expect(fs.existsSync(path.join(outDir, f)), f).toBe(true);
  });

  // Issue 5, "Done when": every finding the samples produce leaves the open state through the
  // UI alone — the one value that can be corrected is corrected, rows that should take no part
  // are excluded, the rest reviewed with a note.
  const openCount = async () => Number(await page.getByTestId('state-tab-open').getAttribute('data-count'));
  async function showOpenFindings(filters: { severity?: string; rule?: string } = {}) {
    await page.getByTestId('nav-findings').click();
    await page.getByTestId('findings-screen').waitFor();
    if ((await page.getByTestId('clear-filters').count()) > 0) await page.getByTestId('clear-filters').click();
    await page.getByTestId('state-tab-open').click();
    await expect.poll(() => page.getByTestId('state-tab-open').getAttribute('aria-pressed')).toBe('true');
    if (filters.severity) await page.getByTestId('findings-severity').selectOption(filters.severity);
    if (filters.rule) await page.getByTestId('findings-rule').selectOption(filters.rule);
    await page.getByTestId('findings-screen').getByTestId('findings-count').waitFor();
  }
  async function actOnPage(action: 'exclude-rows' | 'mark-reviewed', note: string, expected: RegExp) {
    await expect.poll(() => page.getByTestId('review-finding').count()).toBeGreaterThan(0);
    await page.getByTestId('select-page').check();
    await page.getByTestId('bulk-note').fill(note);
    await page.getByTestId(action).click();
    await expect.poll(() => page.getByTestId('findings-message').textContent()).toMatch(expected);
  }

  it('brings every finding the samples produce out of "open" using only the UI', async () => {
    await showOpenFindings();
    const atStart = await openCount();
    console.log(`open findings after import, deaths and the bill run: ${atStart}`);
    expect(atStart).toBeGreaterThan(40);
    await session.shot('samples-findings-open.png');

    // Fix: the cash print file's bill for 395414102 lost its band line; the account is band B.
    await showOpenFindings({ rule: 'BAND_FDM' });
    await expect.poll(() => page.locator('[data-testid="review-finding"][data-account="395414102"]').count()).toBe(1);
    await page.getByTestId('nav-rows').click();
    await page.getByTestId('rows-source').selectOption('fdm_bills');
    await page.getByTestId('rows-search').fill('395414102');
    await expect.poll(() => page.locator('[data-testid="grid-row"]:not([data-loading="true"])').count()).toBe(1);
    await page.getByTestId('grid-row').first().getByTestId('edit-row').click();
    await page.getByTestId('row-edit').waitFor();
    await page.getByTestId('edit-column').selectOption({ label: 'Band' });
    await page.getByTestId('edit-value').fill('b');
    await page.getByTestId('edit-note').fill('The band line is empty in the 2020 print file; the account and the Valuation Office say B.');
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByTestId('rows-message').textContent()).toMatch(/Band of row 423 saved\. 0 findings fixed\. 1 cross-source finding settled by this change\./);
    await expect.poll(() => page.getByTestId('grid-row').first().getAttribute('data-edited')).toContain('vo_band');
    await showOpenFindings({ rule: 'BAND_FDM' });
    await expect.poll(() => page.locator('[data-testid="review-finding"][data-account="395414102"]').count()).toBe(0);
    // It is listed as fixed, with the correction that settled it.
    await page.getByTestId('state-tab-fixed').click();
    const settled = page.locator('[data-testid="review-finding"][data-account="395414102"]');
    await expect.poll(() => settled.getAttribute('data-state')).toBe('fixed');
    expect(await settled.getByTestId('finding-state-note').textContent()).toContain('Settled by correcting Band on line 423');

    // Exclude: the three rows with errors (a differing duplicate in accounts and in the DD
    // report, a truncated bill) and the rows for accounts that are not in the accounts file.
    await showOpenFindings({ severity: 'error' });
    await expect.poll(() => page.getByTestId('review-finding').count()).toBe(3);
    await actOnPage('exclude-rows', 'Rows in error: the first copy is right, and the truncated bill cannot be read.', /3 rows excluded/);
    await showOpenFindings({ rule: 'ORPHAN' });
    await expect.poll(() => page.getByTestId('review-finding').count()).toBe(8);
    await actOnPage('exclude-rows', 'Not an account in the Academy accounts file: nothing to bill.', /rows excluded/);

    // Review the rest, a page at a time, with a note.
    await showOpenFindings();
    while ((await openCount()) > 0) {
      await actOnPage('mark-reviewed', 'Checked against the source files: nothing to change for the 2021/22 bills.', /marked as reviewed/);
      await showOpenFindings();
    }
    expect(await openCount()).toBe(0);
    const counts = Object.fromEntries(
      await Promise.all(['reviewed', 'fixed', 'excluded'].map(async (s) => [s, Number(await page.getByTestId(`state-tab-${s}`).getAttribute('data-count'))] as const)),
    );
    console.log(`after review: ${JSON.stringify(counts)}`);
    // The 3 DEATH_UNMATCHED checks were settled on the Deaths screen (fixed). Of the 53 open
    // here: 1 band check settled by the correction (fixed), 3 error rows and 8 orphan checks
    // excluded, 41 reviewed with a note.
    expect(counts).toEqual({ reviewed: 41, fixed: 4, excluded: 11 });
    await session.shot('samples-findings-none-open.png');
    await expectAccessible(page, 'samples-findings-none-open');

    // Every one of those changes is on the audit trail.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    for (const [action, n] of [['row.edit', 1], ['row.exclude', 12], ['finding.review', counts.reviewed]] as const) {
      await page.getByTestId('audit-action').selectOption(action);
      await expect.poll(() => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(Array(Math.min(n, 50)).fill(action));
    }
    await page.getByTestId('audit-action').selectOption('row.edit');
    await session.shot('samples-audit.png');
  });
});
