import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import type { AppHost } from './support/appHost';
import { openAppSession, type AppSession } from './support/session';
import { importSmallAccounts, smallAccountsCsv } from './support/smallAccounts';

// Reviewing the workspace through the UI, on the project's own small accounts file (a bad
// date on account 373980239, a differing and an identical duplicate): correct a value (refused,
// then accepted, and its finding is fixed), exclude a row, mark a warning reviewed with a
// note, undo, and find it all on the Audit trail screen and in its CSV.
const BAD_DATE_ACCOUNT = '373980239';

describe('review the workspace through the UI', () => {
  let session: AppSession;
  let app: AppHost;
  let page: Page;
  const status = () => page.getByTestId('status').textContent();
  const finding = (rule: string, severity?: string) =>
    page.locator(`[data-testid="review-finding"][data-rule="${rule}"]${severity ? `[data-severity="${severity}"]` : ''}`);

  /** Opens the Findings screen on one state tab and waits for its list. */
  async function showFindings(state: 'open' | 'reviewed' | 'fixed' | 'excluded' | 'all') {
    await page.getByTestId('nav-findings').click();
    await page.getByTestId('findings-screen').waitFor();
    await page.getByTestId(`state-tab-${state}`).click();
    await expect.poll(() => page.getByTestId(`state-tab-${state}`).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('findings-count').waitFor();
  }

  beforeAll(async () => {
    session = await openAppSession({
      acceptDownloads: true,
      prepare: importSmallAccounts,
    });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('lists the open findings with counts per state', async () => {
    await showFindings('open');
    await expect.poll(() => finding('BAD_DATE').count()).toBe(1);
    const bad = finding('BAD_DATE');
    expect(await bad.getAttribute('data-state')).toBe('open');
    expect(await bad.getAttribute('data-account')).toBe(BAD_DATE_ACCOUNT);
    expect(Number(await page.getByTestId('state-tab-open').getAttribute('data-count'))).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('state-tab-fixed').getAttribute('data-count')).toBe('0');
    // The by-rule summary and the validation report stay on the screen.
    await page.getByTestId('findings-grouped').waitFor();
    await page.getByTestId('export-csv').waitFor();
    await session.shot('findings-screen.png');
    await expectAccessible(page, 'findings-open');
  });

  it('refuses an invalid correction with a GOV.UK error next to the value', async () => {
    await finding('BAD_DATE').getByTestId('open-row').click();
    await page.getByTestId('rows-screen').waitFor();
    await page.getByTestId('rows-from-finding').waitFor();
    expect(await page.getByTestId('rows-from-finding').textContent()).toContain('Showing 1 row from a finding');
    await expect.poll(() => page.locator('[data-testid="grid-row"]:not([data-loading="true"])').count()).toBe(1);
    const row = page.getByTestId('grid-row').first();
    expect(await row.getAttribute('data-flagged')).toBe('true');
    expect(await row.textContent()).toContain(BAD_DATE_ACCOUNT);

    await row.getByTestId('edit-row').click();
    await page.getByTestId('row-edit').waitFor();
    await page.getByTestId('edit-column').selectOption({ label: 'Occupied date' });
    await page.getByTestId('edit-value').fill('31/13/2020');
    await page.getByTestId('edit-save').click();
    const error = page.getByTestId('edit-error');
    await error.waitFor();
    expect((await error.textContent())?.replace(/^Error:\s*/, '').trim().length).toBeGreaterThan(5);
    // The error is tied to the input for screen readers, and the input says it is invalid.
    expect(await page.getByTestId('edit-value').getAttribute('aria-describedby')).toContain('edit-value-error');
    expect(await page.getByTestId('edit-value').getAttribute('aria-invalid')).toBe('true');
    await session.shot('rows-edit.png');
    await expectAccessible(page, 'rows-edit-error');
    await page.getByTestId('edit-cancel').click();
    await expect.poll(() => page.getByTestId('row-edit').count()).toBe(0);
  });

  it('accepts a valid correction from the keyboard, and the finding is fixed', async () => {
    // Enter on a value opens the correction form on that column.
    const cell = page.getByTestId('grid-row').first().locator('[data-col="4"]');
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('row-edit').waitFor();
    expect(await page.getByTestId('edit-column').locator('option:checked').textContent()).toBe('Occupied date');
    await page.getByTestId('edit-value').fill('28/02/2020');
    await page.getByTestId('edit-note').fill('Checked with the tenancy agreement: moved in on 28 February.');
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByTestId('rows-message').textContent()).toContain('1 finding fixed');
    await expect.poll(status).toContain('Saved. 1 finding fixed.');
    await expect.poll(() => page.getByTestId('grid-row').first().getAttribute('data-edited')).toContain('occupied_date');
    expect(await page.getByTestId('grid-row').first().getAttribute('data-flagged')).toBeNull();
    expect(await page.getByTestId('grid-row').first().textContent()).toContain('Corrected');

    await showFindings('fixed');
    await expect.poll(() => finding('BAD_DATE').getAttribute('data-state')).toBe('fixed');
    await showFindings('open');
    await expect.poll(() => finding('BAD_DATE').count()).toBe(0);
  });

  it('excludes the row of a finding, which is then excluded', async () => {
    await showFindings('open');
    const duplicate = finding('DUPLICATE', 'error');
    await expect.poll(() => duplicate.count()).toBe(1);
    const id = await duplicate.getAttribute('data-id');
    await duplicate.getByTestId('select-finding').check();
    expect(await page.getByTestId('selected-count').textContent()).toContain('1 finding selected');
    // A note is required.
    await page.getByTestId('exclude-rows').click();
    await page.getByTestId('bulk-note-error').waitFor();
    await page.getByTestId('bulk-note').fill('Second copy of the account with a different occupied date; the first is right.');
    await page.getByTestId('exclude-rows').click();
    await expect.poll(() => page.getByTestId('findings-message').textContent()).toContain('1 row excluded');

    await showFindings('excluded');
    await expect.poll(() => page.locator(`[data-testid="review-finding"][data-id="${id}"]`).getAttribute('data-state')).toBe('excluded');

    // The grid shows the row as excluded.
    await page.getByTestId('nav-rows').click();
    await page.getByTestId('rows-excluded-only').check();
    await expect.poll(() => page.locator('[data-testid="grid-row"]:not([data-loading="true"])').count()).toBe(1);
    expect(await page.getByTestId('grid-row').first().getAttribute('data-excluded')).toBe('true');
    expect(await page.getByTestId('grid-row').first().textContent()).toContain('Excluded');
    await page.getByTestId('rows-excluded-only').uncheck();
    await expect.poll(() => page.locator('[data-testid="grid-row"]:not([data-loading="true"])').count()).toBe(6);
    await session.shot('rows-markers.png');
    await expectAccessible(page, 'rows-markers');
  });

  it('marks a warning reviewed with a note, then undoes it', async () => {
    await showFindings('open');
    await page.getByTestId('findings-severity').selectOption('warning');
    await page.getByTestId('findings-rule').selectOption('DUPLICATE');
    const warnings = finding('DUPLICATE', 'warning');
    await expect.poll(() => warnings.count()).toBeGreaterThanOrEqual(1);
    const before = await warnings.count();
    // "Select all on this page" ticks every one; untick all but the first.
    await page.getByTestId('select-page').check();
    for (let i = 0; i < before; i++) expect(await warnings.nth(i).getByTestId('select-finding').isChecked()).toBe(true);
    for (let i = 1; i < before; i++) await warnings.nth(i).getByTestId('select-finding').uncheck();
    const id = await warnings.first().getAttribute('data-id');
    const warning = page.locator(`[data-testid="review-finding"][data-id="${id}"]`);

    // Without a note it is refused, with a GOV.UK error linked to the note.
    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('bulk-note-error').textContent()).toContain('Enter a note');
    expect(await page.getByTestId('bulk-note').getAttribute('aria-describedby')).toContain('bulk-note-error');
    await expectAccessible(page, 'findings-note-error');

    await page.getByTestId('bulk-note').fill('An identical repeat of the same account: nothing to change.');
    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('findings-message').textContent()).toContain('1 finding marked as reviewed');
    await expect.poll(() => warning.count()).toBe(0);
    expect(await warnings.count()).toBe(before - 1);

    await page.getByTestId('state-tab-reviewed').click();
    await expect.poll(() => warning.getAttribute('data-state')).toBe('reviewed');
    expect(await warning.getByTestId('finding-state-note').textContent()).toContain('nothing to change');

    // Undo the last change: the warning is open again.
    await expect.poll(() => page.getByTestId('undo-latest').textContent()).toContain('reviewed');
    await page.getByTestId('undo-last').click();
    await expect.poll(() => page.getByTestId('undo-message').textContent()).toContain('Undone:');
    await expect.poll(status).toContain('Undone:');
    await page.getByTestId('state-tab-open').click();
    await expect.poll(() => warning.getAttribute('data-state')).toBe('open');
  });

  it('shows every change on the Audit trail screen and downloads it as CSV', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-screen').waitFor();
    await page.getByTestId('audit-table').waitFor();
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    for (const a of ['row.edit', 'row.exclude', 'finding.review', 'undo', 'import']) expect(actions).toContain(a);
    expect(await page.getByTestId('audit-row').first().getAttribute('data-action')).toBe('undo');
    const edit = page.locator('[data-testid="audit-row"][data-action="row.edit"]');
    expect(await edit.count()).toBe(1);
    const editText = await edit.textContent();
    expect(editText).toContain('e2e.officer');
    expect(editText).toContain('Checked with the tenancy agreement');
    // Before and after in words, not as recorded JSON; the row by its account number.
    expect(editText).toContain('Column: Occupied date; Value: 31/02/2020');
    expect(editText).toContain('Value: 2020-02-28');
    expect(editText).not.toContain('{');
    expect(editText).toContain(`Academy accounts ${BAD_DATE_ACCOUNT}`);
    expect(editText).toContain('Corrected a value');
    // The undo panel lists the officer's remaining changes, newest first, with one Undo button.
    await page.getByTestId('undo-table').waitFor();
    expect(await page.getByTestId('undo-newest').count()).toBe(1);
    await session.shot('audit-screen.png');
    await expectAccessible(page, 'audit');

    // Filters: one action, and a search by account number.
    await page.getByTestId('audit-action').selectOption('row.edit');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    await page.getByTestId('audit-action').selectOption('');
    await page.getByTestId('audit-search').fill('Checked with the tenancy');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    await page.getByTestId('audit-search').fill('');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBeGreaterThan(4);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^audit-trail-.*\.csv$/);
    const saved = path.join(app.dir, csv.suggestedFilename());
    await csv.saveAs(saved);
    const text = fs.readFileSync(saved, 'utf8');
    expect(text.split('\n')[0]).toContain('officer');
    for (const a of ['row.edit', 'row.exclude', 'finding.review', 'undo']) expect(text).toContain(a);
    expect(text).toContain('Checked with the tenancy agreement');
    await expect.poll(() => page.getByTestId('audit-export-message').textContent()).toContain('downloading');
  });

  it('filters the grid by a column, and includes an excluded row again with a note', async () => {
    await page.getByTestId('nav-rows').click();
    await page.getByTestId('rows-screen').waitFor();
    const loaded = page.locator('[data-testid="grid-row"]:not([data-loading="true"])');
    await page.getByTestId('rows-filter-column').selectOption({ label: 'Surname' });
    await page.getByTestId('rows-filter-value').fill('Testf');
    await expect.poll(() => loaded.count()).toBe(2);
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('Surname starts with “Testf”');
    await page.getByTestId('rows-filter-value').fill('');

    await page.getByTestId('rows-excluded-only').check();
    await expect.poll(() => loaded.count()).toBe(1);
    await loaded.first().getByTestId('select-row').check();
    expect(await page.getByTestId('rows-selected-count').textContent()).toContain('1 row selected');
    // The note is required.
    await page.getByTestId('rows-include').click();
    await expect.poll(() => page.getByTestId('rows-note-error').textContent()).toContain('Enter a note');
    await page.getByTestId('rows-note').fill('Excluded by mistake.');
    await page.getByTestId('rows-include').click();
    await expect.poll(() => page.getByTestId('rows-message').textContent()).toContain('1 row included again');
    await expect.poll(() => loaded.count()).toBe(0);
    expect(await page.getByTestId('rows-empty').textContent()).toContain('No rows match');

    // Undo from the rows screen: the row is excluded again.
    await expect.poll(() => page.getByTestId('undo-latest').textContent()).toContain('Included');
    await page.getByTestId('undo-last').click();
    await expect.poll(() => page.getByTestId('undo-message').textContent()).toContain('Undone:');
    await expect.poll(() => loaded.count()).toBe(1);
    expect(await loaded.first().getAttribute('data-excluded')).toBe('true');
  });

  it('lists a correction whose row is not in a newer import, instead of dropping it', async () => {
    // The same file again without the corrected account.
    const file = path.join(app.dir, 'accounts-again.csv');
    const lines = smallAccountsCsv().toString('latin1').split('\r\n');
    fs.writeFileSync(file, Buffer.from(lines.filter((l) => !l.startsWith(BAD_DATE_ACCOUNT)).join('\r\n'), 'latin1'));
    const h = app.services.handlers;
    const ref = await h['files/registerPath']({ path: file });
    const proposal = await h['import/inspect']({ file: ref.token, source: 'accounts' });
    const { jobId } = await h['import/start']({ file: ref.token, source: 'accounts', mapping: proposal.mapping });
    expect((await app.services.jobs.wait(jobId)).status).toBe('succeeded');

    await page.getByTestId('nav-rows').click();
    await showFindings('open');
    const unapplied = page.getByTestId('unapplied');
    await unapplied.waitFor();
    expect(await unapplied.textContent()).toContain('1 earlier change could not be applied');
    await unapplied.locator('summary').click();
    const row = unapplied.getByTestId('unapplied-row');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Correction');
    expect(await row.textContent()).toContain(BAD_DATE_ACCOUNT);
    await expectAccessible(page, 'findings-unapplied');
  });

  it('logged no errors in the browser console', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
