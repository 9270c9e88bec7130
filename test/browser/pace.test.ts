import { describe, expect, it } from 'vitest';
import { useTestRuntime } from '../support/local-runtime.ts';
import { chromiumMissing, expectAccessible, openContext, useBrowser, type ViewportName } from './browser.ts';
import { LANGUAGES, type LanguageName, openAccountFromEmail } from './journeys.ts';

/**
 * Issue 16's new pages in a real Chromium, axe on each: the statement of account (and its PDF,
 * downloaded), and the offer to keep the language the debtor switched to. The snooze and
 * fewer-reminders forms run in the journeys (journeys.ts), with every other action.
 */
const click = (page: import('playwright-core').Page, selector: string) =>
  Promise.all([page.waitForNavigation(), page.click(selector)]);

const CASES: [ViewportName, LanguageName][] = [
  ['phone', 'es'],
  ['desktop', 'en'],
];

describe.skipIf(chromiumMissing)('the debtor sets the pace, in Chromium', () => {
  const runtime = useTestRuntime(1);
  const browser = useBrowser();

  it.each(CASES)(
    'on a %s in %s: the statement, printable and as a PDF',
    async (viewport, language) => {
      const accountId = `BR-STATEMENT-${viewport}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      await runtime().caseWithReminder(accountId, email, { locale: LANGUAGES[language] });
      await runtime().pay(accountId, `PAY-${accountId}`, 2_500);
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        await openAccountFromEmail(runtime(), page, email);
        await click(page, 'main a[href*="/statement?"]');
        await expectAccessible(page, 'the statement');
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        expect(await page.locator('main table.statement tbody tr').count()).toBeGreaterThanOrEqual(1);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click('main a[href*="/statement.pdf?"]'),
        ]);
        expect(download.suggestedFilename()).toBe(
          `${language === 'es' ? 'extracto' : 'statement'}-${accountId}.pdf`,
        );
      } finally {
        await context.close();
      }
    },
    40_000,
  );

  it('on a phone: the offer to keep the language switched to, then every page in it', async () => {
    const accountId = 'BR-KEEP-LANGUAGE';
    const email = `${accountId.toLowerCase()}@example.com`;
    await runtime().caseWithReminder(accountId, email, { locale: 'en-GB' });
    const context = await openContext(browser(), 'phone');
    try {
      const page = await context.newPage();
      await openAccountFromEmail(runtime(), page, email);
      expect(await page.locator('form.keep-language').count()).toBe(0);
      await click(page, 'nav a[hreflang="es"]');
      await expectAccessible(page, 'the account page switched to Spanish');
      await click(page, 'form.keep-language button[type="submit"]');
      const link = new URL(page.url());
      link.search = '';
      await page.goto(link.toString());
      expect(await page.getAttribute('html', 'lang')).toBe('es');
      expect(await page.locator('form.keep-language').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 40_000);
});
