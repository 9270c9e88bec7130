import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** Debian's Chromium (`apt-get install chromium`, done by .ci/run); Playwright's own download cannot run here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Without Chromium (a machine with only Node, npm and Java) the browser tests are skipped, and say
 * so; .ci/run installs it, so CI always runs them.
 */
export const chromiumMissing = !existsSync(CHROMIUM_PATH);
if (chromiumMissing)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).`);

/** The two screens every journey is checked on. */
export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** WCAG 2.2 AA, as axe-core tags it. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One Chromium for the test file, closed after its last test. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  }, 30_000);
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('Chromium is not running: use it inside a hook or a test');
    return browser;
  };
}

/**
 * A fresh browser context on one viewport that may reach only 127.0.0.1: anything else (the sample
 * billing payment page, say) is refused, so a test can never leave the machine.
 */
export async function openContext(
  browser: Browser,
  viewport: ViewportName,
  options: { javaScript?: boolean; locale?: string } = {},
): Promise<BrowserContext> {
  // axe needs script in the page; the portal itself ships none (its CSP allows none), and a
  // journey with JavaScript off proves it works without.
  const context = await browser.newContext({
    ...VIEWPORTS[viewport],
    javaScriptEnabled: options.javaScript ?? true,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' || url.protocol === 'about:' || url.protocol === 'data:'
      ? route.continue()
      : route.abort('blockedbyclient');
  });
  return context;
}

/**
 * Runs axe-core in the page and fails with each WCAG 2.2 AA violation named. The script is
 * evaluated over the DevTools protocol, so the page's strict CSP stays as it is.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axe.source);
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: ${JSON.stringify(WCAG_AA)} })`,
  )) as axe.AxeResults;
  const violations = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
  expect(violations, `axe on ${what}: ${page.url()}`).toEqual([]);
}
