// Accessibility check for end-to-end tests: axe-core run against whatever the page shows now.
//
// Usage, in any tests/e2e/*.e2e.test.ts, once the screen has rendered what you want checked:
//
//   import { expectAccessible } from './support/axe';
//   ...
//   await page.getByTestId('dashboard-screen').waitFor();
//   await expectAccessible(page, 'dashboard');
//
// - It fails the test listing every *serious* or *critical* violation of WCAG 2.0, 2.1 and
//   2.2 levels A and AA: the rule id, what it means (with a link), and each element it found
//   (CSS selector, HTML snippet and axe's explanation). Minor and moderate ones do not fail
//   the test but are recorded.
// - Every result (violations of any impact, "needs review" items, and the ids of the rules
//   that passed) is written to tests/e2e/artifacts/axe-<screenName>.json, so a review can
//   read what was checked. Use a distinct screenName per state you check (for example
//   'import-mapping' and 'import-report'), or the later call overwrites the earlier file.
// - Check each state a screen can be in (empty, with data, with an error summary showing)
//   that your test already reaches; there is no need to navigate anywhere extra.
// - `options.include` limits the check to one part of the page (a CSS selector);
//   `options.exclude` leaves parts out. Prefer fixing the renderer over excluding anything;
//   if you must exclude, say why in the test.
//
// The axe source is evaluated in the page through the DevTools protocol rather than added
// as a <script> tag: the renderer's Content-Security-Policy (script-src 'self') refuses
// inline scripts, and would log a console error the suites treat as a failure.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import { ARTIFACTS_DIR } from './browser';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags its rules. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;
const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

let axeSource: string | null = null;
function source(): string {
  if (axeSource === null) {
    const require = createRequire(import.meta.url);
    axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}

export interface AccessibilityOptions {
  /** Check only this part of the page (a CSS selector). */
  include?: string;
  /** Leave these parts out (CSS selectors). Say why in the test. */
  exclude?: string[];
}

export interface AccessibilitySummary {
  screen: string;
  violations: number;
  failing: number;
  incomplete: number;
  passes: number;
}

/** Where the results for a screen are written. */
export function axeArtifactPath(screenName: string): string {
  return path.join(ARTIFACTS_DIR, `axe-${screenName.replace(/[^\w.-]+/g, '-')}.json`);
}

/** One readable paragraph per serious or critical violation. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
          return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}${summary ? `\n      ${summary}` : ''}`;
        })
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical WCAG 2.x A/AA
 * violation; writes every result to tests/e2e/artifacts/axe-<screenName>.json.
 */
export async function expectAccessible(page: Page, screenName: string, options: AccessibilityOptions = {}): Promise<AccessibilitySummary> {
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(`${source()}\n;undefined`);

  const results = await page.evaluate(
    async ({ tags, include, exclude }) => {
      const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
      return axe.run({ include: [[include ?? 'html']], exclude: exclude.map((e) => [e]) }, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'incomplete'],
      });
    },
    { tags: [...WCAG_TAGS], include: options.include ?? null, exclude: options.exclude ?? [] },
  );

  const record = {
    screen: screenName,
    url: results.url,
    checkedAt: results.timestamp,
    engine: `${results.testEngine.name} ${results.testEngine.version}`,
    tags: WCAG_TAGS,
    violations: results.violations,
    incomplete: results.incomplete,
    passes: results.passes.map((p) => p.id),
  };
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  fs.writeFileSync(axeArtifactPath(screenName), `${JSON.stringify(record, null, 2)}\n`);

  const failing = results.violations.filter((v: Result) => v.impact != null && FAILING_IMPACTS.includes(v.impact));
  if (failing.length > 0) {
    throw new Error(
      `The ${screenName} screen has ${failing.length} serious or critical accessibility problem${failing.length === 1 ? '' : 's'} ` +
        `(WCAG 2.2 AA; full results in ${path.relative(process.cwd(), axeArtifactPath(screenName))}):\n${describeViolations(failing)}`,
    );
  }
  return summary(screenName, results, failing.length);
}

function summary(screen: string, results: AxeResults, failing: number): AccessibilitySummary {
  return { screen, violations: results.violations.length, failing, incomplete: results.incomplete.length, passes: results.passes.length };
}
