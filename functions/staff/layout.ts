import { createHash } from 'node:crypto';
import { staffPaths } from '../contract/routes.ts';
import type { Language } from '../domain/language.ts';
import type { StaffMember } from '../domain/staff.ts';
import { staffEn } from '../i18n/staff-en.ts';
import { staffEs } from '../i18n/staff-es.ts';
import type { StaffWords } from '../i18n/staff-types.ts';
import { EMPTY, html, raw, type SafeHtml } from '../views/html.ts';

/**
 * The staff console's frame and headers (issue 12): server-rendered, no script, one inline
 * stylesheet allowed by its hash. Colours meet WCAG 2.2 AA as the portal's do.
 */
const STYLE = `
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--accent:#0b5cad;--line:#d0d7de;--error:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
.skip{position:absolute;left:.5rem;top:-4rem;background:#fff;color:var(--accent);padding:.75rem 1rem;z-index:1}
.skip:focus{top:.5rem}
header,main{max-width:64rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding-top:.5rem;padding-bottom:.5rem;border-bottom:1px solid var(--line)}
header p{margin:0;font-weight:700}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0;align-items:center}
nav a,.link-button{display:inline-block;min-height:2.75rem;padding:.6rem .25rem;font-weight:600}
.link-button{background:none;border:0;color:var(--accent);font:inherit;font-weight:600;text-decoration:underline;cursor:pointer}
.who{color:var(--muted);font-size:.95rem}
main{padding-top:1rem;padding-bottom:3rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}
th,td{text-align:left;padding:.5rem .25rem;border-bottom:1px solid var(--line);vertical-align:top}
td.amount,th.amount{text-align:right}
.balance{font-size:1.75rem;font-weight:700;margin:.25rem 0 1rem}
.status{border-left:4px solid var(--accent);padding:.25rem 0 .25rem .75rem}
.button{display:inline-block;min-height:2.75rem;background:var(--accent);color:#fff;padding:.7rem 1.2rem;border:0;border-radius:.4rem;text-decoration:none;font:inherit;font-weight:600;cursor:pointer}
:focus-visible{outline:3px solid #000;outline-offset:2px}
.hint{color:var(--muted);font-size:.95rem;margin:.1rem 0 .25rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
fieldset{border:1px solid var(--line);border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;align-items:center;gap:.5rem;margin:.5rem 0;min-height:2rem}
.choice label{display:inline;font-weight:400;margin:0}
input[type=radio]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=date],select,textarea{display:block;width:100%;max-width:30rem;min-height:2.75rem;font:inherit;padding:.5rem;border:2px solid var(--muted);border-radius:.3rem;background:#fff;color:var(--ink)}
[aria-invalid=true]{border-color:var(--error)}
.error{color:var(--error);font-weight:600;margin:.25rem 0}
.error-summary{border:3px solid var(--error);border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
.error-summary a{color:var(--error);font-weight:600}
.done{border:3px solid var(--accent);border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
.timeline{list-style:none;padding:0}
.timeline li{border-bottom:1px solid var(--line);padding:.5rem 0}
.timeline time{display:block;color:var(--muted);font-size:.95rem}
.tag{display:inline-block;border:1px solid var(--muted);border-radius:.3rem;padding:0 .4rem;font-size:.85rem;color:var(--muted);margin-right:.4rem}
.queues{list-style:none;padding:0}
.queues li{margin:.5rem 0}
`;

export const STAFF_STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The console's headers: no script, nothing framed, nothing cached, no referrer. */
export const STAFF_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STAFF_STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const staffWords = (language: Language): StaffWords => (language === 'es' ? staffEs : staffEn);

/** What every page is rendered with: the language, and the member signed in (none on sign-in). */
export type StaffView = {
  language: Language;
  member?: StaffMember;
  /** The session's CSRF token, for every form. */
  csrf: string;
  /** This page's path and query, for the language switch. */
  currentPath: string;
  currentQuery?: URLSearchParams;
};

/** A path in the view's language (the default, English, needs no parameter). */
export function staffHref(
  view: Pick<StaffView, 'language'>,
  path: string,
  query: Record<string, string> = {},
) {
  const params = new URLSearchParams(query);
  if (view.language !== 'en') params.set('lang', view.language);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const csrfField = (view: StaffView) => html`<input type="hidden" name="csrf" value="${view.csrf}">`;

export function staffPage(
  view: StaffView,
  title: string,
  body: SafeHtml,
  options: { hasErrors?: boolean } = {},
) {
  const w = staffWords(view.language);
  const other: Language = view.language === 'en' ? 'es' : 'en';
  const switchQuery = new URLSearchParams(view.currentQuery);
  switchQuery.set('lang', other);
  const member = view.member;
  const nav = member
    ? html`<nav aria-label="${w.nav}"><ul>
<li><a href="${staffHref(view, staffPaths.start)}">${w.queuesNav}</a></li>
<li><a href="${staffHref(view, staffPaths.search)}">${w.searchNav}</a></li>
<li><a href="${view.currentPath}?${switchQuery.toString()}" lang="${other}" hreflang="${other}">${w.switchTo}</a></li>
<li><a href="${staffHref(view, staffPaths.outcomes)}">${staffWords(view.language).outcomesNav}</a></li>
<li><form method="post" action="${staffHref(view, staffPaths.sessionSignOut)}">${csrfField(view)}<button class="link-button" type="submit">${w.signOut}</button></form></li>
</ul></nav>
<p class="who">${w.signedInAs(member.email, w.roles[member.role])}</p>`
    : html`<nav aria-label="${w.nav}"><ul><li><a href="${view.currentPath}?${switchQuery.toString()}" lang="${other}" hreflang="${other}">${w.switchTo}</a></li></ul></nav>`;
  return html`<!doctype html>
<html lang="${view.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.hasErrors ? `${w.actions.errors.summary}: ` : ''}${title} – ${w.product}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">${w.skip}</a>
<header>
<p>${w.product}</p>
${nav}
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`.toString();
}

export function errorSummary(view: StaffView, items: { anchor: string; message: string }[]): SafeHtml {
  if (items.length === 0) return EMPTY;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${staffWords(view.language).actions.errors.summary}</h2>
<ul>
${items.map((item) => html`<li><a href="#${item.anchor}">${item.message}</a></li>\n`)}
</ul>
</div>`;
}
