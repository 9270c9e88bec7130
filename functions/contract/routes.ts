/**
 * The portal's HTTP API routes, defined once for API Gateway and the local API server, each with
 * the function that serves it (lib/functions.ts): the pages a debtor's click opens read only
 * (portalPages), the forms act (portalActions), and the documents page alone holds the bucket
 * (portalDocuments). API Gateway prefers the literal `documents` segment to `{action}`.
 */
export const PORTAL_ROUTES = [
  { method: 'GET', path: '/', function: 'portalPages' },
  { method: 'GET', path: '/case/{link}', function: 'portalPages' },
  { method: 'GET', path: '/case/{link}/documents', function: 'portalDocuments' },
  // Issue 16: the statement's PDF, on a function of its own (the PDF library weighs on no other page).
  { method: 'GET', path: '/case/{link}/statement.pdf', function: 'portalStatement' },
  { method: 'GET', path: '/case/{link}/{action}', function: 'portalPages' },
  { method: 'POST', path: '/case/{link}/{action}', function: 'portalActions' },
  // An agency's signed report on a case placed with it (issue 14): no link, no cookie; its signature.
  { method: 'POST', path: '/agency/{agencyId}/reports', function: 'receiveAgencyReport' },
  // Issue 16: a debtor's opt-out of every email, from a note before a due date (no case): the page a
  // click opens, its form, and RFC 8058's one-click POST; the signed link names the debtor.
  { method: 'GET', path: '/emails/{link}/stop', function: 'debtorEmails' },
  { method: 'POST', path: '/emails/{link}/stop', function: 'debtorEmails' },
] as const;

/** The functions behind the portal's routes. */
export type PortalFunctionName = (typeof PORTAL_ROUTES)[number]['function'];

/** The function API Gateway sends a route key (`GET /case/{link}`) to. */
export function portalFunctionFor(routeKey: string): PortalFunctionName | undefined {
  return PORTAL_ROUTES.find((route) => `${route.method} ${route.path}` === routeKey)?.function;
}

/** Path of the page a signed link opens. */
export const casePagePath = (link: string) => `/case/${encodeURIComponent(link)}`;

/** Path of a debtor's opt-out of every email (a signed debtor link: domain/links.ts `signDebtorLink`). */
export const debtorStopEmailsPath = (link: string) => `/emails/${encodeURIComponent(link)}/stop`;

/**
 * RFC 8058's one-click unsubscribe: every email's `List-Unsubscribe` URL is its signed stop-emails
 * page (`POST /case/{link}/stop-emails`), and its `List-Unsubscribe-Post` header names this body.
 * A POST of exactly this field (form-urlencoded or multipart/form-data), without cookie or CSRF
 * token, stops the case's emails: the signed link is its only credential.
 */
export const ONE_CLICK_UNSUBSCRIBE = { field: 'List-Unsubscribe', value: 'One-Click' } as const;
/** The `List-Unsubscribe-Post` header's value, and the body of a form-urlencoded one-click POST. */
export const ONE_CLICK_BODY = `${ONE_CLICK_UNSUBSCRIBE.field}=${ONE_CLICK_UNSUBSCRIBE.value}`;

/**
 * The staff console's routes (issue 12), on an API of their own (lib/constructs/staff-console.ts;
 * locally a second API Gateway emulator), all served by the staffConsole function. Separate from
 * the debtor's portal: a debtor's signed link is no route here, and the console's session cookie
 * never travels to the portal's host.
 */
export const STAFF_ROUTES = [
  { method: 'GET', path: '/staff', function: 'staffConsole' },
  { method: 'GET', path: '/staff/sign-in', function: 'staffConsole' },
  { method: 'POST', path: '/staff/sign-in', function: 'staffConsole' },
  { method: 'POST', path: '/staff/sign-out', function: 'staffConsole' },
  { method: 'GET', path: '/staff/search', function: 'staffConsole' },
  { method: 'GET', path: '/staff/queues/{queue}', function: 'staffConsole' },
  { method: 'GET', path: '/staff/cases/{caseId}', function: 'staffConsole' },
  { method: 'GET', path: '/staff/cases/{caseId}/documents/{documentId}', function: 'staffConsole' },
  { method: 'POST', path: '/staff/cases/{caseId}/{action}', function: 'staffConsole' },
  // The session's own routes, the only ones the refresh token's cookie is sent to (Path=/staff/session).
  { method: 'GET', path: '/staff/session/refresh', function: 'staffConsole' },
  { method: 'POST', path: '/staff/session/sign-out', function: 'staffConsole' },
  // Outcomes: the page and its CSV (a function of their own, read only).
  { method: 'GET', path: '/staff/outcomes', function: 'staffOutcomes' },
  { method: 'GET', path: '/staff/outcomes.csv', function: 'staffOutcomes' },
  // A promise or a plan agreed on the phone (a function of their own; API Gateway prefers these literal
  // segments to `{action}`).
  { method: 'POST', path: '/staff/cases/{caseId}/promise', function: 'staffCommitments' },
  { method: 'POST', path: '/staff/cases/{caseId}/plan', function: 'staffCommitments' },
  // A reply to the debtor by text (issue 16): a function of its own, with the send gate the console
  // does not carry (its bundle is near the budget).
  { method: 'POST', path: '/staff/cases/{caseId}/text-reply', function: 'staffTexts' },
] as const;

/** The functions behind the staff API's routes. */
export type StaffFunctionName = (typeof STAFF_ROUTES)[number]['function'];

/** The function API Gateway sends a staff route key (`GET /staff/outcomes`) to. */
export function staffFunctionFor(routeKey: string): StaffFunctionName | undefined {
  return STAFF_ROUTES.find((route) => `${route.method} ${route.path}` === routeKey)?.function;
}

/** Paths of the staff console's pages. */
export const staffPaths = {
  start: '/staff',
  signIn: '/staff/sign-in',
  signOut: '/staff/sign-out',
  search: '/staff/search',
  queue: (queue: string) => `/staff/queues/${encodeURIComponent(queue)}`,
  case: (caseId: string) => `/staff/cases/${encodeURIComponent(caseId)}`,
  caseAction: (caseId: string, action: string) =>
    `/staff/cases/${encodeURIComponent(caseId)}/${encodeURIComponent(action)}`,
  renew: '/staff/session/refresh',
  sessionSignOut: '/staff/session/sign-out',
  outcomes: '/staff/outcomes',
  outcomesCsv: '/staff/outcomes.csv',
  document: (caseId: string, documentId: string) =>
    `/staff/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(documentId)}`,
} as const;
