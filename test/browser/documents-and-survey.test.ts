import { describe, expect, it } from 'vitest';
import { eventually, useTestRuntime } from '../support/local-runtime.ts';
import {
  chromiumMissing,
  expectAccessible,
  openContext,
  useBrowser,
  VIEWPORTS,
  type ViewportName,
} from './browser.ts';
import { actionLink, LANGUAGES, type LanguageName, openAccountFromEmail } from './journeys.ts';

/** A small but real PDF: what the bucket keeps must be byte for byte what the debtor chose. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const click = (page: import('playwright-core').Page, selector: string) =>
  Promise.all([page.waitForNavigation(), page.click(selector)]);

const CASES: [ViewportName, LanguageName][] = [
  ['phone', 'en'],
  ['desktop', 'es'],
];

describe.skipIf(chromiumMissing)('dispute documents and the survey, in Chromium', () => {
  const runtime = useTestRuntime(1);
  const browser = useBrowser();

  it.each(CASES)(
    'on a %s in %s: a dispute with a PDF uploaded straight to the bucket, linked from the case and its History',
    async (viewport, language) => {
      const accountId = `BR-DOCS-${viewport}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      await runtime().caseWithReminder(accountId, email, { locale: LANGUAGES[language] });
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        await openAccountFromEmail(runtime(), page, email);
        await click(page, actionLink('dispute'));
        await page.check('input[name="reason"] >> nth=0');
        await click(page, 'main form[method="post"] button[type="submit"]');
        // The dispute's acknowledgement may wait for the debtor's hours (a policy day is a second
        // here): let it go first, so that the newest entry in History is the document.
        await eventually(
          'the dispute acknowledgement',
          async () => (await runtime().emailsTo(email)).length >= 2,
          20_000,
        );
        await click(page, actionLink('documents'));
        await expectAccessible(page, 'the documents page');

        await page.setInputFiles('#file-pdf', {
          name: 'receipt.pdf',
          mimeType: 'application/pdf',
          buffer: PDF,
        });
        // The form posts to the local S3 (its policy gate), which sends the browser back to the portal.
        await Promise.all([
          page.waitForURL(/\/documents\?added/),
          page.click('form:has(#file-pdf) button[type="submit"]'),
        ]);
        await expect(page.locator('[role="status"]').count()).resolves.toBe(1);
        await expectAccessible(page, 'the documents page after an upload');
        const download = await page.locator('main ul.documents a').first().getAttribute('href');
        const stored = await page.request.get(download ?? '');
        expect(Buffer.from(await stored.body()).equals(PDF)).toBe(true);

        // A file that is not what it says is refused with a plain page saying what to send instead.
        await page.setInputFiles('#file-pdf', {
          name: 'notes.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('just some text'),
        });
        await Promise.all([
          page.waitForNavigation(),
          page.click('form:has(#file-pdf) button[type="submit"]'),
        ]);
        expect(await page.locator('[role="alert"]').count()).toBe(1);
        await expectAccessible(page, 'the refused-upload page');

        await click(page, 'nav a[href*="/history?"]');
        expect(await page.locator('main ol.history > li').first().textContent()).toContain('document-1.pdf');
        await click(page, 'nav a[href*="/case/"]:not([href*="/history"])');
        expect(await page.locator(actionLink('documents')).count()).toBe(1);
      } finally {
        await context.close();
      }
    },
  );

  it.each(CASES)(
    'on a %s in %s: after paying, the thank-you email opens the survey; it is answered once',
    async (viewport, language) => {
      const accountId = `BR-SURVEY-${viewport}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      await runtime().caseWithReminder(accountId, email, { locale: LANGUAGES[language], amount: 4_200 });
      await runtime().pay(accountId, `${accountId}-PAY`, 4_200);
      await runtime().waitForExecution(`${accountId}-case-1`);
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        await openAccountFromEmail(runtime(), page, email);
        await expectAccessible(page, 'the thank-you page');
        expect(await page.locator('input[name="score"]').count()).toBe(5);

        await page.$eval('main form[method="post"]', (form) => form.setAttribute('novalidate', ''));
        await click(page, 'main form[method="post"] button[type="submit"]');
        expect(
          await page.locator('[aria-invalid="true"], fieldset[aria-describedby]').count(),
        ).toBeGreaterThan(0);
        await expectAccessible(page, 'the survey with an error');

        await page.check('input[name="score"][value="5"]');
        await page.fill('textarea[name="comment"]', 'Clear and kind, thank you.');
        await click(page, 'main form[method="post"] button[type="submit"]');
        expect(page.url()).toMatch(/\/survey\?done/);
        await expectAccessible(page, 'the survey confirmation');
        // SurveyAnswered goes on the bus through the outbox, a moment after the answer is recorded.
        await runtime().outboxSettled();
        const answered = runtime().eventsOf('SurveyAnswered');
        expect(answered.filter((detail) => detail.accountId === accountId)).toHaveLength(1);
      } finally {
        await context.close();
      }
    },
  );

  it.each(['en-GB', 'es-ES'])('the home page and the bad-link page are accessible (%s)', async (locale) => {
    const context = await openContext(browser(), 'phone', { locale });
    try {
      const page = await context.newPage();
      await page.goto(runtime().endpoints.portal);
      await expectAccessible(page, 'the home page');
      const bad = await page.goto(`${runtime().endpoints.portal}/case/not-a-real-link`);
      expect(bad?.status()).toBe(404);
      expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
      await expectAccessible(page, 'the bad-link page');
    } finally {
      await context.close();
    }
  });

  it('fits a phone: no page of a journey scrolls sideways', async () => {
    await runtime().caseWithReminder('BR-FIT', 'br-fit@example.com');
    const context = await openContext(browser(), 'phone');
    try {
      const page = await context.newPage();
      await openAccountFromEmail(runtime(), page, 'br-fit@example.com');
      const account = page.url().split('?')[0];
      for (const action of ['plan', 'promise', 'hardship', 'dispute', 'callback', 'stop-emails', 'history']) {
        await page.goto(`${account}/${action}`);
        const width = await page.evaluate('document.documentElement.scrollWidth');
        expect(width, action).toBeLessThanOrEqual(VIEWPORTS.phone.viewport.width);
      }
    } finally {
      await context.close();
    }
  });
});
