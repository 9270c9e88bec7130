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
  { method: 'GET', path: '/case/{link}/{action}', function: 'portalPages' },
  { method: 'POST', path: '/case/{link}/{action}', function: 'portalActions' },
] as const;

/** The functions behind the portal's routes. */
export type PortalFunctionName = (typeof PORTAL_ROUTES)[number]['function'];

/** The function API Gateway sends a route key (`GET /case/{link}`) to. */
export function portalFunctionFor(routeKey: string): PortalFunctionName | undefined {
  return PORTAL_ROUTES.find((route) => `${route.method} ${route.path}` === routeKey)?.function;
}

/** Path of the page a signed link opens. */
export const casePagePath = (link: string) => `/case/${encodeURIComponent(link)}`;
