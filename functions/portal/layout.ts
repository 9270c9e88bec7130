import { createHash } from 'node:crypto';
import type { Language } from '../domain/language.ts';
import { words } from '../i18n/catalogue.ts';
import { html, join, raw, type SafeHtml } from '../views/html.ts';

/**
 * The portal's page frame and its security headers. The one stylesheet is inline and allowed by
 * its hash, so the CSP needs no 'unsafe-inline' and the page needs no second request. Colours meet
 * WCAG 2.2 AA (text on white: ink 15.8:1, muted 6.4:1, accent 6.7:1, error 6.5:1; form controls are
 * bordered in muted, the pale --line only separates rows), and every control is at least 24×24 px.
 */
const STYLE = `
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--accent:#0b5cad;--line:#d0d7de;--error:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
.skip{position:absolute;left:.5rem;top:-4rem;background:#fff;color:var(--accent);padding:.75rem 1rem;z-index:1}
.skip:focus{top:.5rem}
header,main,footer{max-width:40rem;margin:0 auto;padding:0 1rem}
header{padding-top:.75rem;border-bottom:1px solid var(--line)}
main{padding-top:1rem;padding-bottom:3rem}
footer{border-top:1px solid var(--line);padding-top:1rem;padding-bottom:2rem;color:var(--muted);font-size:.95rem}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.25rem 0 .5rem;padding:0}
nav a{display:inline-block;min-height:2.75rem;padding:.6rem .25rem;font-weight:600}
nav a[aria-current=page]{color:var(--ink);text-decoration-thickness:3px}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.from{color:var(--muted);margin:0}
.balance{font-size:2rem;font-weight:700;margin:.25rem 0 1rem}
.status{font-size:1.1rem;border-left:4px solid var(--accent);padding:.25rem 0 .25rem .75rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}
th,td{text-align:left;padding:.5rem .25rem;border-bottom:1px solid var(--line);vertical-align:top}
td.amount,th.amount{text-align:right}
.button{display:inline-block;min-height:2.75rem;background:var(--accent);color:#fff;padding:.8rem 1.4rem;border:0;border-radius:.4rem;text-decoration:none;font:inherit;font-weight:600;cursor:pointer}
:focus-visible{outline:3px solid #000;outline-offset:2px}
.button:focus-visible{box-shadow:0 0 0 2px #fff}
.note{color:var(--muted);font-size:.95rem}
.actions li,.history li{margin:.5rem 0}
.actions a{display:inline-block;padding:.3rem 0}
.history{list-style:none;padding:0}
.history li{border-bottom:1px solid var(--line);padding:.5rem 0}
.history time{display:block;color:var(--muted);font-size:.95rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
fieldset{border:1px solid var(--line);border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
fieldset label,.choice label{display:inline;font-weight:400;margin:0}
.choice{display:flex;align-items:center;gap:.5rem;margin:.5rem 0;min-height:2rem}
input[type=radio],input[type=checkbox]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
input[type=text],input[type=tel],input[type=date],textarea{display:block;width:100%;max-width:30rem;min-height:2.75rem;font:inherit;padding:.5rem;border:2px solid var(--muted);border-radius:.3rem;background:#fff;color:var(--ink)}
[aria-invalid=true]{border-color:var(--error)}
.error{color:var(--error);font-weight:600;margin:.25rem 0}
.error-summary{border:3px solid var(--error);border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
.error-summary h2{margin-top:.5rem}
.error-summary a{color:var(--error);font-weight:600}
`;

export const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The link in the address bar is a credential: never send it on.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** What frames a page: where its navigation leads, and the same page in the other language. */
export type Chrome = {
  /** The account and history pages, for pages opened from a working link. */
  nav?: { accountHref: string; historyHref: string; current?: 'account' | 'history' };
  /** This page in the other language (a plain link: no JavaScript). */
  switchHref?: string;
  creditorName?: string;
  /** The page shows a form with errors: its title says so first. */
  hasErrors?: boolean;
};

/** The page around a body made with the `html` tag; the title and every word are escaped. */
export function page(language: Language, title: string, body: SafeHtml, chrome: Chrome = {}): string {
  const w = words(language).layout;
  const other: Language = language === 'en' ? 'es' : 'en';
  const current = (which: 'account' | 'history') =>
    chrome.nav?.current === which ? html` aria-current="page"` : '';
  const items = [
    ...(chrome.nav
      ? [
          html`<li><a href="${chrome.nav.accountHref}"${current('account')}>${w.account}</a></li>`,
          html`<li><a href="${chrome.nav.historyHref}"${current('history')}>${w.history}</a></li>`,
        ]
      : []),
    ...(chrome.switchHref
      ? [html`<li><a href="${chrome.switchHref}" lang="${other}" hreflang="${other}">${w.switchTo}</a></li>`]
      : []),
  ];
  const nav = items.length ? html`<nav aria-label="${w.nav}"><ul>\n${join(items)}\n</ul></nav>` : '';
  const footer = chrome.creditorName ? html`${w.from(chrome.creditorName)} ${w.private}` : w.private;
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${chrome.hasErrors ? w.errorPrefix : ''}${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">${w.skip}</a>
<header>
${chrome.creditorName ? html`<p class="from">${chrome.creditorName}</p>\n` : ''}${nav}
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer>
<p>${footer}</p>
</footer>
</body>
</html>`.toString();
}
