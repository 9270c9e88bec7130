import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, useTestRuntime } from '../support/local-runtime.ts';
import { chromiumMissing, expectAccessible, openContext, useBrowser, type ViewportName } from './browser.ts';

/**
 * The Outcomes page in Chromium (issue 12), in both languages: the page with its charts and tables,
 * its error state, and the case page's phone commitment forms with an error; axe finds no WCAG 2.2
 * AA violation on any of them.
 */
const click = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

const CASES: [ViewportName, 'en' | 'es'][] = [
  ['desktop', 'en'],
  ['phone', 'es'],
];

describe.skipIf(chromiumMissing)('Outcomes and the phone commitments, in Chromium', () => {
  const runtime = useTestRuntime(2);
  const browser = useBrowser();

  it.each(CASES)(
    'on a %s in %s: the Outcomes page, its error, and the phone forms with an error',
    async (viewport, language) => {
      const accountId = `BR-OUT-${language.toUpperCase()}`;
      await runtime().caseWithReminder(accountId, `${accountId.toLowerCase()}@example.com`);
      const caseId = `${accountId}-1`;
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === 'agent');
        await page.goto(`${runtime().endpoints.staffConsole}?lang=${language}`);
        await page.fill('#email', user?.email ?? '');
        await page.fill('#password', user?.password ?? '');
        await click(page, 'main button[type="submit"]');
        expect(new URL(page.url()).pathname).toBe('/staff');

        await click(page, 'nav a[href^="/staff/outcomes"]');
        expect(new URL(page.url()).pathname).toBe('/staff/outcomes');
        // The counters arrive through the table's stream a moment after the case opened.
        await eventually('the case on the Outcomes page', async () => {
          await page.reload();
          return (await page.locator('svg[role="img"]').count()) >= 2;
        });
        await expectAccessible(page, 'the Outcomes page');

        await page.fill('#from', '2026-12-31');
        await page.fill('#to', '2026-01-01');
        await click(page, 'main form button[type="submit"]');
        expect(await page.getAttribute('#to', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#from')).toBe('2026-12-31');
        await expectAccessible(page, 'the Outcomes page with its error');

        await page.goto(`${new URL(page.url()).origin}/staff/cases/${caseId}?lang=${language}`);
        await page.fill('#promise-date', '2020-01-01');
        await click(page, 'form[action*="/promise"] button[type="submit"]');
        expect(await page.getAttribute('#promise-date', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#promise-date')).toBe('2020-01-01');
        await expectAccessible(page, 'the case page with a phone promise’s error');
      } finally {
        await context.close();
      }
    },
    90_000,
  );
});
