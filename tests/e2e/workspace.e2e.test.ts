import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHost } from './support/appHost';
import { openAppSession, type AppSession } from './support/session';
import { importSmallAccounts } from './support/smallAccounts';

// The Workspace screen: back up the open workspace (a download in a browser), then open the
// backup as a new workspace elsewhere, as an officer would on another laptop; a file that is
// not a backup and a location that is taken are refused with clear messages.
describe('workspace backup and hand-over through the UI', () => {
  let session: AppSession;
  let app: AppHost;
  let page: Page;
  let backupFile: string;

  beforeAll(async () => {
    session = await openAppSession({
      acceptDownloads: true,
      checkShots: true,
      // Something to carry over: the small accounts file, imported through the backend.
      prepare: importSmallAccounts,
    });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('shows the open workspace with backup and restore', async () => {
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('workspace-screen').waitFor();
    await page.getByTestId('recent-workspaces').waitFor();
    expect(await page.getByTestId('current-workspace').textContent()).toContain('e2e.ctbw');
    await page.getByTestId('backup-section').waitFor();
    await session.shot('workspace');
  });

  it('backs the workspace up as a download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^e2e-backup-\d{4}-\d{2}-\d{2}\.ctbbackup$/);
    backupFile = path.join(app.dir, download.suggestedFilename());
    await download.saveAs(backupFile);
    expect(fs.readFileSync(backupFile).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    await expect.poll(() => page.getByTestId('backup-message').textContent()).toContain('is downloading');
    await session.shot('workspace-backup');
  });

  it('refuses a file that is not a backup, naming it', async () => {
    const notBackup = path.join(app.dir, 'accounts.csv');
    await page.getByTestId('restore-file').setInputFiles(notBackup);
    await expect.poll(() => page.getByTestId('restore-chosen').textContent()).toContain('accounts.csv');
    await page.getByTestId('restore-path').fill(path.join(app.dir, 'never.ctbw'));
    await page.getByTestId('restore-submit').click();
    await expect.poll(() => page.getByTestId('restore-error').textContent()).toContain('accounts.csv is not a Council Tax Billing workspace backup');
    expect(fs.existsSync(path.join(app.dir, 'never.ctbw'))).toBe(false);
    await session.shot('workspace-restore-error');
  });

  it('refuses to restore over an existing file', async () => {
    await page.getByTestId('restore-file').setInputFiles(backupFile);
    await page.getByTestId('restore-path').fill(app.workspacePath);
    await page.getByTestId('restore-submit').click();
    await expect.poll(() => page.getByTestId('restore-error').textContent()).toContain('never replaces a file');
    expect(await page.locator('#restore-path').getAttribute('aria-describedby')).toContain('restore-path-error');
  });

  it('restores the backup to a new place and opens it with the same rows', async () => {
    const target = path.join(app.dir, 'laptop', 'handed-over.ctbw');
    await page.getByTestId('restore-file').setInputFiles(backupFile);
    await page.getByTestId('restore-path').fill(target);
    await page.getByTestId('restore-submit').click();
    await expect.poll(() => page.getByTestId('current-workspace').textContent()).toContain('handed-over.ctbw');
    expect(fs.existsSync(target)).toBe(true);
    expect(await page.getByTestId('header-workspace').textContent()).toContain(target);
    // The status region is cleared, then says it (so a repeated message is read out again).
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/restored|is open/);

    await page.getByTestId('nav-rows').click();
    await expect.poll(() => page.getByTestId('row-count').textContent()).toMatch(/^6 rows/);
  });

  it('logged no errors in the browser console', () => {
    // The refused restores answer with an error the page shows; the browser logs nothing else.
    expect(session.consoleErrors).toEqual([]);
  });
});
