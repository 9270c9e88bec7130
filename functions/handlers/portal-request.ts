import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { casePagePath } from '../contract/routes.ts';
import type { CaseRecord } from '../domain/case.ts';
import { type Creditor, contactIn } from '../domain/creditor.ts';
import { csrfMatches, csrfToken } from '../domain/csrf.ts';
import { localDate } from '../domain/dates.ts';
import { DEBTOR_ACTIONS } from '../domain/debtor-actions.ts';
import type { Language } from '../domain/language.ts';
import { verifyLink } from '../domain/links.ts';
import { type Policy, policyFor } from '../domain/policy.ts';
import { chooseLanguage, localeFor } from '../portal/language-choice.ts';
import { LANGUAGE_ROUTE } from '../portal/language-form.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { linkNotFoundPage } from '../portal/pages.ts';
import { STATEMENT_PDF_ROUTE, STATEMENT_ROUTE } from '../portal/statement-page.ts';
import type { PortalView } from '../portal/view.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { type HttpApiEvent, httpApiMiddleware } from './middleware/http-api.ts';
import { isOneClickUnsubscribe } from './one-click.ts';

/**
 * What the three portal functions share (contract/routes.ts says which serves which route): the
 * signed link checked, the case read, the page's view and language chosen, every form's CSRF token
 * checked once, and the same 404 page for every link that does not open a page. Each function
 * brings only its own routes, so it bundles only the pages, clients and use cases they need.
 */
export type Response = APIGatewayProxyStructuredResultV2;

export const html = (statusCode: number, body: string): Response => ({
  statusCode,
  headers: SECURITY_HEADERS,
  body,
});

/** After a successful POST: the confirmation is shown by GET, so a reload never repeats the action. */
export const seeOther = (location: string): Response => ({
  statusCode: 303,
  headers: { ...SECURITY_HEADERS, location },
  body: '',
});

/** The last path segment of the documents page (`/case/{link}/documents`). */
export const DOCUMENTS_ROUTE = 'documents';

/**
 * Every page of a case by its `{action}` path segment ('' for the case itself), whichever function
 * serves it: a link to a page that exists, with a method that page does not answer, gets the 404
 * page in the debtor's language; a page that does not exist gets it in the request's.
 */
export const CASE_PAGES: readonly string[] = [
  '',
  'history',
  DOCUMENTS_ROUTE,
  'survey',
  ...DEBTOR_ACTIONS,
  LANGUAGE_ROUTE,
  STATEMENT_ROUTE,
  STATEMENT_PDF_ROUTE,
  // The debtor's texts (issue 16): consent and the channel they prefer.
  'texts',
];

/** A request for one of a case's pages, its signed link checked and the case read. */
export type CaseRequest = {
  event: HttpApiEvent;
  record: CaseRecord;
  policy: Policy;
  language: Language;
  view: PortalView;
  csrf: string;
  done: boolean;
  now: Date;
  /** The form's fields (POST only), its CSRF token already checked and taken out. */
  fields: Record<string, string>;
};
export type Route = (request: CaseRequest) => Promise<Response> | Response;
export type CaseRoutes = Readonly<
  Record<
    string,
    {
      GET?: Route;
      POST?: Route;
      /** RFC 8058's one-click POST (one-click.ts), the one POST taken without a CSRF token. */
      ONE_CLICK?: Route;
    }
  >
>;

function formValues(event: HttpApiEvent): Record<string, string> {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

export type PortalHandlerOptions = {
  /** This function's routes of a case. */
  routes: CaseRoutes;
  /** Reads a case by id. */
  getCase: (caseId: string) => Promise<CaseRecord | undefined>;
  /** The link-signing secret's ARN. */
  linkSecretArn: string;
  /** Who is writing (the deployment's CREDITOR): named on every page, with how to reach a person. */
  creditor: Creditor;
  /** `GET /`, for the function that serves it. */
  home?: (language: Language) => string;
};

/** The debtor's pages. Every link that does not open a case gets the same 404 page (no enumeration). */
export const portalHandler = ({ routes, getCase, linkSecretArn, creditor, home }: PortalHandlerOptions) =>
  middy()
    .use(httpApiMiddleware())
    .handler(async (event): Promise<Response> => {
      const query = new URLSearchParams(event.rawQueryString ?? '');
      const acceptLanguage = event.headers?.['accept-language'];
      const requested = query.get('lang') ?? undefined;
      if (event.routeKey === 'GET /' && home) {
        return html(200, home(chooseLanguage({ query: requested, acceptLanguage })));
      }
      const link = event.pathParameters?.link ?? '';
      const secret = await linkSecret(linkSecretArn);
      const now = new Date();
      const claims = verifyLink(link, secret, now);
      const record = claims ? await getCase(claims.caseId) : undefined;
      // `{action}`, or the literal last segment of a route of its own (`/case/{link}/documents`).
      const literal = /\/\{link\}\/([^/{}]+)$/.exec(event.routeKey)?.[1];
      const action = event.pathParameters?.action ?? literal;
      // The case's own page has no segment: an empty one names no page.
      const page = action !== undefined && action !== '' && CASE_PAGES.includes(action) ? action : undefined;
      if (!claims || !record || (action !== undefined && page === undefined)) {
        logger.info('Link refused', { routeKey: event.routeKey });
        return html(404, linkNotFoundPage(chooseLanguage({ query: requested, acceptLanguage })));
      }
      appendCorrelationIds({ caseId: record.caseId, accountId: record.accountId });
      const accountPath = casePagePath(link);
      const policy = policyFor(record.debtor.segment);
      const language = chooseLanguage({
        query: requested,
        debtorLocale: record.debtor.locale,
        acceptLanguage,
      });
      const done = query.has('done');
      const view: PortalView = {
        language,
        locale: localeFor(language, record.debtor.locale),
        timeZone: record.debtor.timeZone,
        today: localDate(now, record.debtor.timeZone),
        creditorName: creditor.name,
        contact: contactIn(creditor, language),
        accountPath,
        currentPath: `${accountPath}${action ? `/${action}` : ''}`,
        ...(done ? { currentQuery: 'done' } : {}),
      };
      const isGet = event.requestContext.http.method === 'GET';
      const pageRoutes = Object.hasOwn(routes, page ?? '') ? routes[page ?? ''] : undefined;
      const oneClick = !isGet && pageRoutes?.ONE_CLICK && isOneClickUnsubscribe(event);
      const route = oneClick ? pageRoutes?.ONE_CLICK : pageRoutes?.[isGet ? 'GET' : 'POST'];
      if (!route) return html(404, linkNotFoundPage(language));

      // Every form is checked for its CSRF token here, once, before any route sees it.
      // A mail client's one-click unsubscribe carries none: the signed link is its only credential.
      const values = isGet || oneClick ? {} : formValues(event);
      if (!isGet && !oneClick && !csrfMatches(values.csrf, link, secret)) {
        logger.warn('Form refused: CSRF token missing or wrong', { action });
        return html(403, linkNotFoundPage(language));
      }
      const { csrf: _csrf, ...fields } = values;
      return route({
        event,
        record,
        policy,
        language,
        view,
        csrf: csrfToken(link, secret),
        done,
        now,
        fields,
      });
    });
