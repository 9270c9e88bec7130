import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  BillingDetailType,
  confirmation,
  eventually,
  overdueInvoice,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';
import { chromiumMissing, expectAccessible, openContext, useBrowser, type ViewportName } from './browser.ts';

/**
 * The staff console in Chromium (issue 12), in both languages: sign-in and its error, the queues, a
 * queue, search (and its error), the case page with its forms, a form's errors with the values kept,
 * a refused action's 403 page; axe finds no WCAG 2.2 AA violation on any of them.
 */
const click = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

const CASES: [ViewportName, 'en' | 'es'][] = [
  ['desktop', 'en'],
  ['phone', 'es'],
];

describe.skipIf(chromiumMissing)('the staff console, in Chromium', () => {
  const runtime = useTestRuntime(2);
  const browser = useBrowser();

  const signIn = async (page: Page, role: 'agent' | 'viewer', language: 'en' | 'es') => {
    const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === role);
    if (!user) throw new Error(role);
    await page.goto(`${runtime().endpoints.staffConsole}?lang=${language}`);
    expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await click(page, 'main button[type="submit"]');
  };

  it.each(CASES)(
    'on a %s in %s: sign-in, queues, search, a case, a decision and a refusal',
    async (viewport, language) => {
      const accountId = `BR-STAFF-${language.toUpperCase()}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      const link = await runtime().caseWithReminder(accountId, email);
      await confirmation(
        await submitForm(link, 'dispute', { reason: 'wrong-amount', note: 'Charged twice' }),
      );
      const caseId = `${accountId}-1`;
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        // Sign-in, refused first: the error is announced, the email kept.
        const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === 'agent');
        await page.goto(`${runtime().endpoints.staffConsole}?lang=${language}`);
        await expectAccessible(page, 'the sign-in page');
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        await page.fill('#email', user?.email ?? '');
        await page.fill('#password', 'not the password');
        await click(page, 'main button[type="submit"]');
        expect(await page.inputValue('#email')).toBe(user?.email);
        expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
        await expectAccessible(page, 'the sign-in page with its error');

        await signIn(page, 'agent', language);
        expect(new URL(page.url()).pathname).toBe('/staff');
        const cookies = await context.cookies();
        expect(cookies.find((cookie) => cookie.name === '__Host-staff-session')).toMatchObject({
          httpOnly: true,
          secure: true,
          sameSite: 'Strict',
        });
        await expectAccessible(page, 'the queues');

        await click(page, 'main a[href^="/staff/queues/disputes"]');
        expect(await page.textContent('main')).toContain(caseId);
        await expectAccessible(page, 'the disputes queue');

        // Search, refused and found.
        await page.goto(`${new URL(page.url()).origin}/staff/search?q=&lang=${language}`);
        await expectAccessible(page, 'search with its error');
        await page.fill('#q', accountId);
        await click(page, 'main form[role="search"] button[type="submit"]');
        expect(await page.textContent('main')).toContain(caseId);
        await expectAccessible(page, 'search results');

        await click(page, `main a[href^="/staff/cases/${caseId}"]`);
        await expectAccessible(page, 'the case page with its forms');

        // Upheld in part with an amount as some people type it: refused, the values kept, no change.
        await page.check('#dispute-outcome-part');
        await page.fill('#dispute-credit', '40,00');
        await page.fill('#dispute-note', 'One item never arrived');
        await click(page, 'form[action*="/resolve-dispute"] button[type="submit"]');
        expect(await page.inputValue('#dispute-credit')).toBe('40,00');
        expect(await page.inputValue('#dispute-note')).toBe('One item never arrived');
        expect(await page.isChecked('#dispute-outcome-part')).toBe(true);
        await expectAccessible(page, 'the case page with a form’s errors');

        await page.fill('#dispute-credit', '40.00');
        await click(page, 'form[action*="/resolve-dispute"] button[type="submit"]');
        expect(await page.textContent('main')).toContain(language === 'en' ? '£60.00' : '60,00');
        await expectAccessible(page, 'the case page after a decision');

        // A viewer's action is refused with a 403 page, and nothing changes.
        const viewerPage = await context.newPage();
        await context.clearCookies();
        await signIn(viewerPage, 'viewer', language);
        await viewerPage.goto(`${new URL(viewerPage.url()).origin}/staff/cases/${caseId}?lang=${language}`);
        // A form the page does not offer, posted as a browser would (a crafted request).
        const csrf = (await viewerPage.getAttribute('input[name="csrf"]', 'value')) ?? '';
        const action = `/staff/cases/${caseId}/note?lang=${language}`;
        const response = await Promise.all([
          viewerPage.waitForNavigation(),
          viewerPage.evaluate(`(() => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = ${JSON.stringify(action)};
            for (const [name, value] of [['csrf', ${JSON.stringify(csrf)}], ['note', 'viewer note']]) {
              const input = document.createElement('input');
              input.type = 'hidden';
              input.name = name;
              input.value = value;
              form.append(input);
            }
            document.body.append(form);
            form.submit();
          })()`),
        ]);
        expect(response[0]?.status()).toBe(403);
        await expectAccessible(viewerPage, 'the 403 page');
      } finally {
        await context.close();
      }
    },
    90_000,
  );

  it.each(CASES)(
    'on a %s in %s: the debtor’s texts, a reply and its error, then marked handled',
    async (viewport, language) => {
      const accountId = `BR-TEXTS-${language.toUpperCase()}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      const phone = language === 'en' ? '+447700900411' : '+34600000412';
      const invoice = overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email });
      await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
        ...invoice,
        debtor: { ...invoice.debtor, phone, smsConsent: true },
      });
      await runtime().emailWith(email, /.+/, 30_000);
      await runtime().phone.reply(phone, 'Can I pay on <Friday>?');
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        await signIn(page, 'agent', language);
        const casePage = `${new URL(page.url()).origin}/staff/cases/${accountId}-1?lang=${language}`;
        await eventually(
          'the text on the case page',
          async () => {
            await page.goto(casePage);
            return (await page.textContent('main'))?.includes('Can I pay on <Friday>?') ? true : undefined;
          },
          30_000,
        );
        await expectAccessible(page, 'the case page with the debtor’s texts');

        // An empty reply: its problem beside the field, announced.
        await click(page, 'form[action*="/text-reply"] button[type="submit"]');
        expect(await page.getAttribute('#reply-message', 'aria-invalid')).toBe('true');
        await expectAccessible(page, 'a reply with its error');

        // A reply: sent, or refused by the contact rules at this moment (a policy day lasts 2 s);
        // either way the page says so.
        await page.fill('#reply-message', 'Yes, Friday is fine.');
        await click(page, 'form[action*="/text-reply"] button[type="submit"]');
        await expectAccessible(page, 'the case page after a reply');

        await click(page, 'form[action*="/message-handled"] button[type="submit"]');
        expect(await page.$('form[action*="/message-handled"]')).toBeNull();
        await expectAccessible(page, 'the case page once the texts were handled');
      } finally {
        await context.close();
      }
    },
    90_000,
  );
});
