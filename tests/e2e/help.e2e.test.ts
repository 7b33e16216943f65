import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { openAppSession, type AppSession } from './support/session';
import { parseMarkdown, tableOfContents } from '../../shared/help/markdown';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const guide = parseMarkdown(fs.readFileSync(path.join(root, 'docs', 'user-guide.md'), 'utf8'));

// The Help screen shows the user guide bundled with the app: every section, a contents list
// that moves focus to the section, reached from the menu and from the header.
describe('the Help screen', () => {
  let session: AppSession;
  let page: Page;

  beforeAll(async () => {
    session = await openAppSession();
    ({ page } = session);
  });

  afterAll(() => session?.close());

  it('opens from the header and shows every heading of the guide', async () => {
    await page.getByTestId('header-help').click();
    await page.getByTestId('help-screen').waitFor();
    expect(await page.locator('#help-heading').textContent()).toBe('Council Tax Billing Plan B: user guide');
    // Focus moves to the screen's heading, as on every screen.
    expect(await page.locator(':focus').getAttribute('id')).toBe('help-heading');
    const sections = tableOfContents(guide);
    expect(sections.length).toBeGreaterThan(10);
    expect(await page.getByTestId('help-contents').locator('a').allTextContents()).toEqual(sections.map((s) => s.text));
    const shown = await page.getByTestId('help-guide').locator('h2, h3').allTextContents();
    const written = guide.filter((b) => b.kind === 'heading' && b.level > 1).map((b) => (b.kind === 'heading' ? b.text : ''));
    expect(shown).toEqual(written);
    expect(await page.getByTestId('help-guide').textContent()).toContain('Restore and open');
    await session.shot('help.png', { fullPage: false });
    await expectAccessible(page, 'help');
  });

  it('moves to a section from the contents', async () => {
    await page.getByTestId('help-contents').getByRole('link', { name: 'Backup and hand-over' }).click();
    expect(await page.locator(':focus').getAttribute('id')).toBe('help-backup-and-hand-over');
    await page.getByTestId('help-guide').getByRole('link', { name: 'What to do when something goes wrong' }).first().click();
    expect(await page.locator(':focus').getAttribute('id')).toBe('help-what-to-do-when-something-goes-wrong');
  });

  it('is the last item of the menu', async () => {
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('workspace-screen').waitFor();
    const items = await page.locator('nav[aria-label="Main"] .nav__link').allTextContents();
    expect(items.at(-1)).toBe('Help');
    await page.getByTestId('nav-help').click();
    await page.getByTestId('help-screen').waitFor();
    expect(await page.getByTestId('nav-help').getAttribute('aria-current')).toBe('page');
  });

  it('logged no errors in the browser console', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
