import { describe, expect, it } from 'vitest';
import { eventually, useTestRuntime } from '../support/local-runtime.ts';
import { chromiumMissing, expectAccessible, openContext, useBrowser, type ViewportName } from './browser.ts';
import { LANGUAGES, type LanguageName, openAccountFromEmail } from './journeys.ts';

const click = (page: import('playwright-core').Page, selector: string) =>
  Promise.all([page.waitForNavigation(), page.click(selector)]);

const CASES: [ViewportName, LanguageName, string][] = [
  ['phone', 'en', '+447700900201'],
  ['desktop', 'es', '+34600000202'],
];

describe.skipIf(chromiumMissing)('the texts page (issue 16), in Chromium', () => {
  const runtime = useTestRuntime(1);
  const browser = useBrowser();

  it.each(CASES)(
    'on a %s in %s: consent refused without the box ticked, then given and confirmed by a text; axe on each page',
    async (viewport, language, phone) => {
      const accountId = `BR-TEXTS-${viewport}`;
      const email = `${accountId.toLowerCase()}@example.com`;
      await runtime().caseWithReminder(accountId, email, { locale: LANGUAGES[language] });
      const context = await openContext(browser(), viewport);
      try {
        const page = await context.newPage();
        await openAccountFromEmail(runtime(), page, email);
        await click(page, 'main a[href*="/texts"]');
        await expectAccessible(page, 'the texts page');
        // Texts chosen without agreeing to them: refused, with the reason beside each field.
        await page.fill('#phone', phone);
        await page.check('#channel-both');
        await click(page, 'main form[method="post"] button[type="submit"]');
        expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
        await expectAccessible(page, 'the texts page with an error');
        await page.check('#consent');
        await click(page, 'main form[method="post"] button[type="submit"]');
        expect(page.url()).toMatch(/\/texts\?done&welcome/);
        await expectAccessible(page, 'the texts page, saved');
        const texts = await eventually('the confirmation text', async () => {
          const response = await fetch(`${runtime().endpoints.phone}/messages`);
          const sent = ((await response.json()) as { to: string; body: string }[]).filter(
            (t) => t.to === phone,
          );
          return sent.length > 0 ? sent : undefined;
        });
        // The first text is the confirmation, and it goes once (the ladder's next rung, a policy week
        // on with one-second days, may follow by text too: it is not a confirmation).
        expect(texts[0]?.body).toMatch(language === 'es' ? /AYUDA/ : /HELP/);
        const help = language === 'es' ? /AYUDA/ : /HELP/;
        expect(texts.filter((t) => help.test(t.body))).toHaveLength(1);
      } finally {
        await context.close();
      }
    },
  );
});
