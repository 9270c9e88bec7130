import { createHash } from 'node:crypto';
import { escapeHtml, type Language } from '../domain/language.ts';

/**
 * The portal's page frame and its security headers. The one stylesheet is inline and allowed by
 * its hash, so the CSP needs no 'unsafe-inline' and the page needs no second request.
 */
const STYLE = `
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--accent:#0b5cad;--line:#d0d7de}
*{box-sizing:border-box}
body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
.from{color:var(--muted);margin:0}
.balance{font-size:2rem;font-weight:700;margin:.25rem 0 1rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}
th,td{text-align:left;padding:.5rem .25rem;border-bottom:1px solid var(--line)}
td.amount,th.amount{text-align:right}
.button{display:inline-block;background:var(--accent);color:#fff;padding:.8rem 1.4rem;border-radius:.4rem;text-decoration:none;font-weight:600}
.button:focus-visible,a:focus-visible{outline:3px solid #000;outline-offset:2px}
.note{color:var(--muted);font-size:.95rem}
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

export function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
