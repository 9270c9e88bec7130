/** The portal's HTTP API routes, defined once for API Gateway and the local API server. */
export const PORTAL_ROUTES = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/case/{link}' },
  { method: 'GET', path: '/case/{link}/{action}' },
  { method: 'POST', path: '/case/{link}/{action}' },
] as const;

/** Path of the page a signed link opens. */
export const casePagePath = (link: string) => `/case/${encodeURIComponent(link)}`;
