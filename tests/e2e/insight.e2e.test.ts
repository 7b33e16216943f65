import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { importThroughBackend, type AppHost } from './support/appHost';
import { openAppSession, type AppSession } from './support/session';
import { DECEASED, writeSourceFixtures } from './support/sourceFixtures';

// The dashboard, the account view with its override panel, the side-by-side checks and the
// deaths decisions, on a workspace built from the project's small fixture file of every source
// (imported through the backend for speed).
describe('dashboard, accounts and checks through the UI', () => {
  let session: AppSession;
  let app: AppHost;
  let page: Page;

  beforeAll(async () => {
    session = await openAppSession({
      prepare: async (host) => {
        for (const f of await writeSourceFixtures(path.join(host.dir, 'fixtures'))) await importThroughBackend(host, f);
      },
    });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('opens on the dashboard: every import, what blocks billing, and the charts', async () => {
    await page.getByTestId('dashboard-screen').waitFor();
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.locator('[data-testid="import-row"][data-imported="true"]').count()).toBeGreaterThanOrEqual(9);
    expect(await page.locator('[data-testid="import-row"][data-imported="false"]').count()).toBe(0);
    expect(await page.locator('[data-testid="import-row"][data-source="accounts"]').textContent()).toContain('academy_accounts.xlsx');
    expect(await page.getByTestId('ready-to-bill').getAttribute('data-ready')).toBe('false');
    const blockers = await page.getByTestId('ready-to-bill-blockers').textContent();
    expect(blockers).toContain('2 death entries have no decision.');
    expect(blockers).toMatch(/\d+ findings are still open \(\d+ errors?\)/);
    expect(await page.getByTestId('ready-to-push-blockers').textContent()).toContain('No bill run has been made yet');
    expect(await page.getByTestId('chart-findings-bar').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-reasons-bar').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('preview-summary').textContent()).toContain('Of 3 accounts rows');
    // The chart's figures are also a table.
    expect(await page.getByTestId('chart-reasons-table').locator('tbody tr').count()).toBe(await page.getByTestId('chart-reasons-bar').count());
    await expectAccessible(page, 'dashboard');
    await session.shot('dashboard.png');
  });

  it('opens the Findings screen on one file from its open-findings count', async () => {
    await page.getByTestId('nav-dashboard').click();
    const link = page.getByTestId('open-findings-link').first();
    await link.waitFor();
    const source = await link.getAttribute('data-source');
    await link.click();
    await page.getByTestId('findings-screen').waitFor();
    expect(await page.getByTestId('findings-source').inputValue()).toBe(source);
    await page.getByTestId('findings-count').waitFor();
    await page.getByTestId('clear-filters').waitFor();
  });

  it('shows an account across every source with its findings', async () => {
    await page.getByTestId('nav-account').click();
    await page.getByTestId('account-screen').waitFor();
    // An empty search is refused with a message.
    await page.getByTestId('account-search-button').click();
    await expect.poll(() => page.getByTestId('account-search-error').textContent()).toContain('Enter an account number');
    await page.getByTestId('account-search').fill('334567890X');
    await page.getByTestId('account-search-button').click();
    await page.locator('[data-testid="account-details"][data-account="334567890X"]').waitFor();
    for (const source of ['accounts', 'valuation_office_bands', 'working_age_ctr', 'fdm_exemptions', 'cash_payments']) {
      expect(await page.locator(`[data-testid="account-source"][data-source="${source}"]`).count()).toBe(1);
    }
    expect(await page.locator('[data-testid="account-source"][data-source="cash_payments"]').textContent()).toContain('£12.00');
    expect(await page.locator('[data-testid="account-finding"][data-rule="BAND_FDM_EXEMPT"]').count()).toBe(1);
    expect(await page.getByTestId('account-classification').getAttribute('data-kind')).toBe('excluded');
    expect(await page.getByTestId('account-reasons').textContent()).toContain('EXEMPT');
    expect(await page.getByTestId('account-derived').textContent()).toContain('Valuation Office band');
    await expectAccessible(page, 'account');
    await session.shot('account-view.png');

    // Its rows open in the staged-rows grid.
    await page.getByTestId('account-rows-link-cash_payments').click();
    await page.getByTestId('grid-row').first().waitFor();
    expect(await page.getByTestId('grid-row').count()).toBe(1);
    await page.getByTestId('nav-account').click();
    await page.getByTestId('account-search').fill('334567890X');
    await page.getByTestId('account-search-button').click();
    await page.locator('[data-testid="account-details"][data-account="334567890X"]').waitFor();
  });

  it('forces a profile with a note, and refuses it without one', async () => {
    await page.getByTestId('account-search').fill('mock');
    await page.getByTestId('account-search-button').click();
    await page.locator('[data-testid="account-details"][data-account="323456789"]').waitFor();
    await page.getByTestId('override-force').check();
    await page.getByTestId('override-profile').selectOption('DD100');
    await page.getByTestId('override-save').click();
    await expect.poll(() => page.getByTestId('override-note-error').textContent()).toContain('Enter a note');
    expect(await page.getByTestId('override-error-summary').isVisible()).toBe(true);
    expect(await app.services.handlers['overrides/list']({})).toEqual([]);

    await page.getByTestId('override-note').fill('Mandate confirmed by phone on 3 March.');
    await page.getByTestId('override-save').click();
    await expect.poll(() => page.getByTestId('override-message').textContent()).toContain('forced to profile DD100');
    await expect.poll(() => page.getByTestId('account-classification').getAttribute('data-kind')).toBe('profile');
    expect(await page.getByTestId('override-current').textContent()).toContain('Mandate confirmed by phone');
    expect(await page.getByTestId('account-history').textContent()).toContain('Override set');
    const overrides = await app.services.handlers['overrides/list']({});
    expect(overrides).toMatchObject([{ account: '323456789', action: 'force_profile', profile: 'DD100', note: 'Mandate confirmed by phone on 3 March.', createdBy: 'e2e.officer' }]);
  });

  it('shows a check side by side, marks it reviewed and links to the account', async () => {
    await page.getByTestId('nav-reconcile').click();
    await page.getByTestId('checks-screen').waitFor();
    await page.getByTestId('check-code').selectOption('BAND_FDM_EXEMPT');
    await page.locator('[data-testid="check-view"][data-code="BAND_FDM_EXEMPT"]').waitFor();
    const row = page.getByTestId('check-row');
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.first().locator('td').allTextContents();
    // Select box, account, name, band in accounts, band after the update, band on the notice.
    expect(cells.slice(1, 6).map((c) => c.replace(': open the account', ''))).toEqual(['334567890X', 'Mx Cal Testerby', 'D', 'E', 'D']);
    const id = await row.first().getAttribute('data-finding');
    expect(id).toMatch(/^r\d+$/);
    await expectAccessible(page, 'checks');
    await session.shot('checks.png');

    await page.getByTestId(`select-${id}`).check();
    await page.getByTestId('check-mark-reviewed').click();
    await expect.poll(() => page.getByTestId('check-note-error').textContent()).toContain('Enter a note');
    await page.getByTestId('check-note').fill('The notice predates the band change.');
    await page.getByTestId('check-mark-reviewed').click();
    await expect.poll(() => page.getByTestId('check-message').textContent()).toContain('1 finding marked reviewed');
    expect(await row.first().textContent()).toContain('Reviewed');

    await page.getByTestId('check-account-link').first().click();
    await page.locator('[data-testid="account-details"][data-account="334567890X"]').waitFor();
    expect(await page.locator('[data-testid="account-finding"][data-rule="BAND_FDM_EXEMPT"]').textContent()).toContain('Reviewed');
  });

  it('decides a death: confirm the proposal, and the dashboard follows', async () => {
    await page.getByTestId('nav-deaths').click();
    await page.getByTestId('deaths-screen').waitFor();
    const alan = page.locator('[data-testid="death-row"]').filter({ hasText: DECEASED.name });
    await expect.poll(() => alan.count()).toBe(1);
    const entry = await alan.getAttribute('data-entry');
    expect(await alan.getByTestId('death-proposed').textContent()).toContain(DECEASED.account);
    await page.getByTestId(`confirm-${entry}`).click();
    await expect.poll(() => alan.getAttribute('data-status')).toBe('confirmed');
    expect(await page.getByTestId(`death-account-${entry}`).textContent()).toContain(DECEASED.account);
    await expectAccessible(page, 'deaths');
    await session.shot('deaths.png');

    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dashboard-screen').waitFor();
    await expect.poll(() => page.getByTestId('ready-to-bill-blockers').textContent()).toContain('1 death entry has no decision.');
    expect(session.consoleErrors).toEqual([]);
  });

  it('matches a death to another account typed by the officer, then undoes it from the audit trail', async () => {
    await page.getByTestId('nav-deaths').click();
    await page.getByTestId('deaths-screen').waitFor();
    const undecided = page.locator('[data-testid="death-row"][data-status="unmatched"]');
    await expect.poll(() => undecided.count()).toBe(1);
    const entry = (await undecided.getAttribute('data-entry'))!;
    const row = page.locator(`[data-testid="death-row"][data-entry="${entry}"]`);
    await page.getByTestId(`other-${entry}`).fill('334567890x');
    await page.getByTestId(`confirm-other-${entry}`).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('confirmed');
    expect(await page.getByTestId(`death-account-${entry}`).textContent()).toContain('334567890X');

    await page.getByTestId('nav-audit').click();
    await page.getByTestId('undo-table').waitFor();
    expect(await page.getByTestId('undo-row').first().textContent()).toContain('to account 334567890X');
    await page.getByTestId('undo-newest').click();
    await expect.poll(() => page.getByTestId('undo-panel-message').textContent()).toContain('Undone');
    await page.getByTestId('nav-deaths').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('unmatched');
    expect(session.consoleErrors).toEqual([]);
  });
});
