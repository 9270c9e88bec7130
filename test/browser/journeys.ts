import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DebtorAction } from '../../functions/domain/debtor-actions.ts';
import { type TestRuntime, useTestRuntime } from '../support/local-runtime.ts';
import { chromiumMissing, expectAccessible, openContext, useBrowser, type ViewportName } from './browser.ts';

/** How a debtor fills each form with valid answers, by the fields' names (the same in every language). */
const FILL: Record<DebtorAction, (page: Page) => Promise<void>> = {
  promise: async (page) => {
    const latest = await page.getAttribute('input[name="date"]', 'max');
    await page.fill('input[name="date"]', latest ?? '');
  },
  plan: (page) => page.check('input[name="planId"] >> nth=0'),
  hardship: async (page) => {
    await page.check('input[name="reason"] >> nth=0');
    await page.fill('input[name="affordable"]', '25.50');
  },
  dispute: async (page) => {
    await page.check('input[name="reason"] >> nth=0');
    await page.fill('textarea[name="note"]', 'I was charged twice for October.');
  },
  callback: async (page) => {
    await page.fill('input[name="phone"]', '+44 20 7946 0018');
    await page.check('input[name="preferredTime"] >> nth=0');
  },
  'stop-emails': (page) => page.check('input[name="confirm"]'),
  snooze: async (page) => {
    const latest = await page.getAttribute('input[name="date"]', 'max');
    await page.fill('input[name="date"]', latest ?? '');
  },
  'fewer-reminders': (page) => page.check('input[name="confirm"]'),
};

/** The link from the account page to one of its pages (every link carries the page's language). */
export const actionLink = (action: string) => `main a[href*="/${action}?"]`;

export const LANGUAGES = { en: 'en-GB', es: 'es-ES' } as const;
export type LanguageName = keyof typeof LANGUAGES;

/** Submits the page's form as a browser would, skipping the browser's own checks so the server's show. */
export async function submitWithoutBrowserChecks(page: Page): Promise<void> {
  await page.$eval('main form[method="post"]', (form) => form.setAttribute('novalidate', ''));
  await Promise.all([page.waitForNavigation(), page.click('main form[method="post"] button[type="submit"]')]);
}

const HISTORY_LINK = 'main a[href*="/history?"]';

/** How many entries the case's History shows now (opened from the page's navigation, then back). */
async function historyEntries(page: Page): Promise<number> {
  const back = page.url();
  await Promise.all([page.waitForNavigation(), page.click('nav a[href*="/history?"]')]);
  const count = await page.locator('main ol.history > li').count();
  await page.goto(back);
  return count;
}

/** Opens the newest email to `address` as the debtor's mail program would show it, and clicks its account link. */
export async function openAccountFromEmail(runtime: TestRuntime, page: Page, address: string): Promise<void> {
  const emails = await runtime.emailsTo(address);
  const newest = emails.at(-1);
  if (!newest?.body.html) throw new Error(`No HTML email to ${address}`);
  await page.setContent(newest.body.html);
  const accountLink = page.locator('a[href*="/case/"]').first();
  await Promise.all([page.waitForNavigation(), accountLink.click()]);
  expect(page.url()).toMatch(/\/case\/[^/?]+/);
}

/**
 * Every debtor action as a journey in a real Chromium on one viewport, in both languages: from the
 * reminder in the local mailbox to the account page, the form (first sent invalid, to see the
 * error state), the confirmation; axe on every page on the way.
 */
export function defineJourneys(viewport: ViewportName): void {
  describe.skipIf(chromiumMissing)(`journeys on a ${viewport}`, () => journeysOn(viewport));
}

function journeysOn(viewport: ViewportName): void {
  const runtime = useTestRuntime(1);
  const browser = useBrowser();

  describe.each(Object.keys(LANGUAGES) as LanguageName[])(`on a ${viewport}, in %s`, (language) => {
    it.each(Object.keys(FILL) as DebtorAction[])('%s: from the email to the confirmation', async (action) => {
      const accountId = `BR-${viewport}-${language}-${action}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      await runtime().caseWithReminder(accountId, email, { locale: LANGUAGES[language] });
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        await openAccountFromEmail(runtime(), page, email);
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        await expectAccessible(page, 'the account page');
        const before = await historyEntries(page);

        await Promise.all([page.waitForNavigation(), page.click(actionLink(action))]);
        await expectAccessible(page, `the ${action} form`);

        await submitWithoutBrowserChecks(page);
        expect(page.url()).toMatch(new RegExp(`/${action}(\\?(?!done).*)?$`));
        // Each error is tied to its field (or to its group of radio buttons).
        const tied = page.locator('[aria-invalid="true"][aria-describedby], fieldset[aria-describedby]');
        expect(await tied.count()).toBeGreaterThan(0);
        await expectAccessible(page, `the ${action} form with errors`);

        await FILL[action](page);
        await Promise.all([
          page.waitForNavigation(),
          page.click('main form[method="post"] button[type="submit"]'),
        ]);
        expect(page.url()).toMatch(new RegExp(`/${action}\\?done`));
        await expectAccessible(page, `the ${action} confirmation`);

        // The confirmation points to History, where the action now shows.
        await Promise.all([page.waitForNavigation(), page.click(HISTORY_LINK)]);
        await expectAccessible(page, 'the history page');
        expect(await page.locator('main ol.history > li').count()).toBeGreaterThan(before);
      } finally {
        await context.close();
      }
    });
  });

  it('works with JavaScript switched off: a promise from the email to the confirmation', async () => {
    const accountId = `BR-${viewport}-nojs`;
    const email = `${accountId.toLowerCase()}@example.com`;
    await runtime().caseWithReminder(accountId, email);
    const context = await openContext(browser(), viewport, { javaScript: false });
    try {
      const page = await context.newPage();
      await openAccountFromEmail(runtime(), page, email);
      expect(await page.locator('script').count()).toBe(0);
      await Promise.all([page.waitForNavigation(), page.click(actionLink('promise'))]);
      await FILL.promise(page);
      await Promise.all([
        page.waitForNavigation(),
        page.click('main form[method="post"] button[type="submit"]'),
      ]);
      expect(page.url()).toMatch(/\/promise\?done/);
    } finally {
      await context.close();
    }
  });
}
