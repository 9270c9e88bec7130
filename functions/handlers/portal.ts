import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { snsArTeam } from '../adapters/sns/ar-team.ts';
import { casePagePath } from '../contract/routes.ts';
import type { CaseRecord } from '../domain/case.ts';
import { csrfMatches, csrfToken } from '../domain/csrf.ts';
import { localDate } from '../domain/dates.ts';
import { actionUnavailable, DEBTOR_ACTIONS, type DebtorAction } from '../domain/debtor-actions.ts';
import type { EmailContext } from '../domain/emails.ts';
import { latestPromiseDate } from '../domain/journey.ts';
import type { Language } from '../domain/language.ts';
import { verifyLink } from '../domain/links.ts';
import { plansOnOffer } from '../domain/plan-journey.ts';
import { type Policy, policyFor } from '../domain/policy.ts';
import { surveyOffered, surveyUnavailable } from '../domain/survey.ts';
import { actionDonePage, actionFormPage, actionLinks, callbackTimeLabel } from '../portal/action-pages.ts';
import { documentsLink } from '../portal/document-pages.ts';
import { chooseLanguage, localeFor } from '../portal/language-choice.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { accountPage, historyPage, homePage, linkNotFoundPage } from '../portal/pages.ts';
import { surveyMessagePage, thankYouPage } from '../portal/survey-pages.ts';
import { hrefTo, type PortalView } from '../portal/view.ts';
import { gateMail, MAILING_HANDLER_CONFIG } from '../shared/case-mail.ts';
import { env, loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { answerSurvey } from '../use-cases/answer-survey.ts';
import { takeDebtorAction } from '../use-cases/debtor-action.ts';
import { type HttpApiEvent, httpApiMiddleware } from './middleware/http-api.ts';
import { DOCUMENTS_ROUTE, documentsRoute } from './portal-documents.ts';

const config = loadConfig({
  ...MAILING_HANDLER_CONFIG,
  DAY_SECONDS: env.daySeconds,
  AR_TEAM_TOPIC_ARN: env.arn,
});
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = {
  store,
  workflow: sfnWorkflow(),
  mail: gateMail(store, config),
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
  arTeam: snsArTeam(config.AR_TEAM_TOPIC_ARN),
};

type Response = APIGatewayProxyStructuredResultV2;

const html = (statusCode: number, body: string): Response => ({
  statusCode,
  headers: SECURITY_HEADERS,
  body,
});
/** After a successful POST: the confirmation is shown by GET, so a reload never repeats the action. */
const seeOther = (location: string): Response => ({
  statusCode: 303,
  headers: { ...SECURITY_HEADERS, location },
  body: '',
});

/** What each acknowledgement email needs to say, from the case as the action left it (not as read later). */
function ackDetails(record: CaseRecord, action: DebtorAction): Partial<EmailContext> {
  return {
    ...(record.pause?.promisedDate ? { promiseDate: record.pause.promisedDate } : {}),
    ...(record.pause ? { pauseUntil: record.pause.until } : {}),
    ...(record.plan
      ? { plan: { instalments: record.plan.offer.instalments, total: record.plan.offer.total } }
      : {}),
    ...(action === 'callback' && record.callback
      ? {
          callback: {
            phone: record.callback.phone,
            preferredTime: callbackTimeLabel(
              record.callback.preferredTime,
              record.debtor.locale,
            ).toLowerCase(),
          },
        }
      : {}),
  };
}

function formValues(event: HttpApiEvent): Record<string, string> {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

/** A request for one of a case's pages, its signed link checked and the case read. */
type CaseRequest = {
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
type Route = (request: CaseRequest) => Promise<Response> | Response;

// ---- The routes of a case: its page, its history, its documents, the survey, and each action ----

const accountRoute: Route = ({ record, view, csrf }) => {
  if (surveyOffered(record)) return html(200, thankYouPage(record, view, { csrf, current: 'account' }));
  const links = actionLinks(view, (candidate) => !actionUnavailable(record, candidate));
  return html(200, accountPage(record, view, links + documentsLink(record, view)));
};

const historyRoute: Route = async ({ record, view }) =>
  html(200, historyPage(await store.timeline(record.caseId), view));

// Dispute documents: their own page; uploads go straight to S3 and come back here.
const documentsPageRoute: Route = ({ record, view, event, now }) =>
  documentsRoute({
    record,
    view,
    rawQueryString: event.rawQueryString,
    now,
    reload: () => store.getCase(record.caseId),
  });

const surveyPageRoute: Route = ({ record, view, csrf, done }) => {
  if (done) return html(200, surveyMessagePage(view, 'done'));
  if (surveyUnavailable(record) === 'not-closed') return html(200, surveyMessagePage(view, 'notClosed'));
  return html(200, thankYouPage(record, view, { csrf }));
};

const surveyAnswerRoute: Route = async ({ record, view, csrf, fields, now }) => {
  const unavailable = surveyUnavailable(record);
  if (unavailable)
    return html(409, surveyMessagePage(view, unavailable === 'not-closed' ? 'notClosed' : 'answered'));
  const answer = await answerSurvey(record, fields, now, ports);
  if (!answer.ok) {
    if ('answered' in answer) return html(409, surveyMessagePage(view, 'answered'));
    return html(400, thankYouPage(record, view, { csrf, state: { values: fields, errors: answer.errors } }));
  }
  logger.info('Survey answered', { caseId: record.caseId });
  return seeOther(hrefTo(view, '/survey', 'done'));
};

/** An action's form, as it stands or with the debtor's values and what is wrong with them. */
function actionForm(
  { record, policy, view, csrf, now }: CaseRequest,
  action: DebtorAction,
  status: number,
  state?: { values: Record<string, string>; errors: Record<string, string> },
): Response {
  return html(
    status,
    actionFormPage({
      record,
      action,
      view,
      csrf,
      latestPromiseDate: latestPromiseDate(policy, view.today),
      offers: action === 'plan' ? plansOnOffer(record, policy, now) : [],
      unavailable: actionUnavailable(record, action),
      ...(state ? { state } : {}),
    }),
  );
}

const actionPageRoute =
  (action: DebtorAction): Route =>
  (request) => {
    const { record, view, done } = request;
    if (!done) return actionForm(request, action, 200);
    // The pause this action set, if it is still the case's (a page read again later may find it over).
    const pause = record.pause?.reason === action ? record.pause : undefined;
    return html(
      200,
      actionDonePage({
        record,
        action,
        view,
        ...(pause?.promisedDate ? { promisedDate: pause.promisedDate } : {}),
        ...(pause ? { pausedUntil: pause.until } : {}),
        ...(record.callback ? { callback: record.callback } : {}),
        ...(action === 'dispute' ? { more: documentsLink(record, view) } : {}),
      }),
    );
  };

const actionPostRoute =
  (action: DebtorAction): Route =>
  async (request) => {
    const { record, view, fields, now } = request;
    const result = await takeDebtorAction(record, action, fields, now, ports, {
      daySeconds: config.DAY_SECONDS,
      ackDetails,
    });
    if (result === 'unavailable') return actionForm(request, action, 409);
    if (!result.ok) return actionForm(request, action, 400, { values: fields, errors: result.errors });
    logger.info('Debtor action recorded', { caseId: record.caseId, action });
    return seeOther(hrefTo(view, `/${action}`, 'done'));
  };

/**
 * The route table: a case's page (the `{action}` path segment; '' for the case itself) and the
 * method. API Gateway routes the paths (contract/routes.ts); anything else gets the 404 page.
 */
const CASE_ROUTES: Record<string, { GET?: Route; POST?: Route }> = {
  '': { GET: accountRoute },
  history: { GET: historyRoute },
  [DOCUMENTS_ROUTE]: { GET: documentsPageRoute },
  survey: { GET: surveyPageRoute, POST: surveyAnswerRoute },
  ...Object.fromEntries(
    DEBTOR_ACTIONS.map((action) => [action, { GET: actionPageRoute(action), POST: actionPostRoute(action) }]),
  ),
};

/** The debtor's pages. Every link that does not open a case gets the same 404 page (no enumeration). */
export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event): Promise<Response> => {
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const acceptLanguage = event.headers?.['accept-language'];
    const requested = query.get('lang') ?? undefined;
    if (event.routeKey === 'GET /') {
      return html(200, homePage(chooseLanguage({ query: requested, acceptLanguage })));
    }
    const link = event.pathParameters?.link ?? '';
    const secret = await linkSecret(config.LINK_SECRET_ARN);
    const now = new Date();
    const claims = verifyLink(link, secret, now);
    const record = claims ? await store.getCase(claims.caseId) : undefined;
    const action = event.pathParameters?.action;
    // The case's own page has no segment: an empty one names no page.
    const page = action && Object.hasOwn(CASE_ROUTES, action) ? action : undefined;
    if (!claims || !record || (action !== undefined && page === undefined)) {
      logger.info('Link refused', { routeKey: event.routeKey, requestId: event.requestContext.requestId });
      return html(404, linkNotFoundPage(chooseLanguage({ query: requested, acceptLanguage })));
    }
    const accountPath = casePagePath(link);
    const policy = policyFor(record.debtor.segment);
    const language = chooseLanguage({ query: requested, debtorLocale: record.debtor.locale, acceptLanguage });
    const done = query.has('done');
    const view: PortalView = {
      language,
      locale: localeFor(language, record.debtor.locale),
      timeZone: record.debtor.timeZone,
      today: localDate(now, record.debtor.timeZone),
      creditorName: policy.creditorName,
      accountPath,
      currentPath: `${accountPath}${action ? `/${action}` : ''}`,
      ...(done ? { currentQuery: 'done' } : {}),
    };
    const isGet = event.requestContext.http.method === 'GET';
    const route = CASE_ROUTES[page ?? '']?.[isGet ? 'GET' : 'POST'];
    if (!route) return html(404, linkNotFoundPage(language));

    // Every form is checked for its CSRF token here, once, before any route sees it.
    const values = isGet ? {} : formValues(event);
    if (!isGet && !csrfMatches(values.csrf, link, secret)) {
      logger.warn('Form refused: CSRF token missing or wrong', { caseId: record.caseId, action });
      return html(403, linkNotFoundPage(language));
    }
    const { csrf: _csrf, ...fields } = values;
    return route({ event, record, policy, language, view, csrf: csrfToken(link, secret), done, now, fields });
  });
