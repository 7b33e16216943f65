import type { Page } from 'playwright-core';
import type { ImportableSource } from '../../../shared/sources/catalog';

export interface ImportOptions {
  /** The source the app must recognise; when `choose` is set the test picks it instead. */
  expectRecognised?: ImportableSource;
  /** Choose this source in the radio list (overriding the guess). */
  choose?: ImportableSource;
  /** Print run to type for print bill files. */
  run?: string;
  /** Called on the "Check the file" step, before Import. */
  onCheck?(page: Page): Promise<void>;
  timeoutMs?: number;
}

export interface ReportCounts {
  rowsRead: number;
  rowsStaged: number;
  rowsFlagged: number;
  rowsRejected: number;
  errors: number;
  warnings: number;
  recognised: string | null;
}

/** Opens the Import screen at step 1, whatever step it was left on. */
export async function openImportStart(page: Page): Promise<void> {
  await page.getByTestId('nav-import').click();
  const another = page.getByTestId('import-another');
  if (await another.isVisible()) await another.click();
  const back = page.getByRole('button', { name: 'Choose a different file' });
  if (await back.isVisible()) await back.click();
  await page.getByTestId('file-input').waitFor();
}

/** Step 1 only: choose the file and wait for the app's guess. Returns the recognised source. */
export async function chooseFile(page: Page, file: string): Promise<string | null> {
  await openImportStart(page);
  await page.getByTestId('file-input').setInputFiles(file);
  const recognised = page.getByTestId('recognised-source');
  await recognised.waitFor();
  // The guess belongs to this file once the chosen-file line names it.
  const name = file.split(/[\\/]/).pop() ?? file;
  await page.getByTestId('chosen-file').filter({ hasText: name }).waitFor();
  return recognised.getAttribute('data-source');
}

export async function reportCount(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(`report-${id}`).locator('.stats__value').textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

/** The whole import journey through the UI: choose, confirm the source, check, import, report. */
export async function importThroughUi(page: Page, file: string, options: ImportOptions = {}): Promise<ReportCounts> {
  const recognised = await chooseFile(page, file);
  if (options.choose) await page.getByTestId(`source-${options.choose}`).check();
  await page.getByTestId('continue').click();
  await page.getByTestId('mapping-step').waitFor();
  if (options.run !== undefined) await page.getByTestId('run-input').fill(options.run);
  if (options.onCheck) await options.onCheck(page);
  await page.getByTestId('start-import').click();
  await page.getByTestId('report-step').waitFor({ timeout: options.timeoutMs ?? 60_000 });
  return {
    rowsRead: await reportCount(page, 'rows-read'),
    rowsStaged: await reportCount(page, 'rows-staged'),
    rowsFlagged: await reportCount(page, 'rows-flagged'),
    rowsRejected: await reportCount(page, 'rows-rejected'),
    errors: await reportCount(page, 'errors'),
    warnings: await reportCount(page, 'warnings'),
    recognised,
  };
}

/** The staged row count of a source, as the Staged rows screen says it. */
export async function stagedRowCount(page: Page, source: ImportableSource): Promise<number> {
  await page.getByTestId('nav-rows').click();
  await page.getByTestId('rows-source').selectOption(source);
  const counted = page.locator(`[data-testid="row-count"][data-source="${source}"]:not([data-total=""])`);
  try {
    await counted.waitFor({ timeout: 20_000 });
  } catch (e) {
    const now = page.getByTestId('row-count');
    throw new Error(`No row count for ${source}: "${await now.textContent()}" (data-source ${await now.getAttribute('data-source')}, data-total "${await now.getAttribute('data-total')}"): ${String(e)}`);
  }
  return Number(await counted.getAttribute('data-total'));
}
