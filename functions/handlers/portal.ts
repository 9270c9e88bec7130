import { randomUUID } from 'node:crypto';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { CaseDetailType } from '../contract/events.ts';
import { casePagePath } from '../contract/routes.ts';
import { type ArTeamNotice, callbackNotice, disputeNotice } from '../domain/ar-team.ts';
import type { CaseRecord } from '../domain/case.ts';
import { applyChange } from '../domain/case-updates.ts';
import { EMAIL_PURPOSE } from '../domain/contact-rules.ts';
import { csrfMatches, csrfToken } from '../domain/csrf.ts';
import { localDate } from '../domain/dates.ts';
import {
  type ActionResult,
  actionUnavailable,
  CallbackFormSchema,
  DEBTOR_ACTIONS,
  type DebtorAction,
  DisputeFormSchema,
  openDispute,
  PromiseFormSchema,
  promiseToPay,
  requestCallback,
  StopEmailsFormSchema,
  stopEmails,
} from '../domain/debtor-actions.ts';
import type { EmailContext, EmailKind } from '../domain/emails.ts';
import { latestPromiseDate } from '../domain/journey.ts';
import { verifyLink } from '../domain/links.ts';
import { minorUnitDigits } from '../domain/money.ts';
import {
  acceptPlan,
  declareHardship,
  HardshipFormSchema,
  PlanFormSchema,
  plansOnOffer,
} from '../domain/plan-journey.ts';
import { policyFor } from '../domain/policy.ts';
import { SurveyFormSchema, surveyAnswer, surveyOffered, surveyUnavailable } from '../domain/survey.ts';
import { actionDonePage, actionFormPage, actionLinks, callbackTimeLabel } from '../portal/action-pages.ts';
import { documentsLink } from '../portal/document-pages.ts';
import { chooseLanguage, localeFor } from '../portal/language-choice.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { accountPage, historyPage, homePage, linkNotFoundPage } from '../portal/pages.ts';
import { surveyMessagePage, thankYouPage } from '../portal/survey-pages.ts';
import { hrefTo, type PortalView } from '../portal/view.ts';
import { CaseChangedError } from '../ports/case-store.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { env, loadConfig } from '../shared/config.ts';
import { carryOutOrQueue, type FollowUp } from '../shared/follow-ups.ts';
import { linkSecret } from '../shared/link-secret.ts';
import { logger } from '../shared/logger.ts';
import { deliverPendingReply } from '../shared/workflow.ts';
import { DOCUMENTS_ROUTE, documentsRoute } from './portal-documents.ts';

const config = loadConfig({
  ...MAILING_HANDLER_CONFIG,
  DAY_SECONDS: env.daySeconds,
  AR_TEAM_TOPIC_ARN: env.arn,
});
const store = dynamoCaseStore(config.TABLE_NAME);

const html = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: SECURITY_HEADERS,
  body,
});
/** After a successful POST: the confirmation is shown by GET, so a reload never repeats the action. */
const seeOther = (location: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { ...SECURITY_HEADERS, location },
  body: '',
});

/** What the AR team is told of an action, besides the event on the bus (DESIGN §2). */
type TellArTeam = (record: CaseRecord, detail: Record<string, unknown>, at: string) => ArTeamNotice;

const tellOfDispute: TellArTeam = (record, detail, at) =>
  disputeNotice(record, {
    disputeId: String(detail.disputeId),
    reason: String(detail.reason),
    ...(typeof detail.note === 'string' ? { note: detail.note } : {}),
    reviewBy: record.pause?.until ?? '',
    at,
  });

const tellOfCallback: TellArTeam = (record, detail, at) =>
  callbackNotice(record, {
    phone: String(detail.phone),
    preferredTime: String(detail.preferredTime),
    ...(record.callback?.note ? { note: record.callback.note } : {}),
    pausedUntil: String(detail.pausedUntil),
    at,
  });

const FORMS = {
  promise: {
    schema: PromiseFormSchema,
    act: promiseToPay,
    event: CaseDetailType.promiseMade,
    ack: 'promiseAck',
    arTeam: undefined,
  },
  dispute: {
    schema: DisputeFormSchema,
    act: openDispute,
    event: CaseDetailType.disputeOpened,
    ack: 'disputeAck',
    arTeam: tellOfDispute,
  },
  plan: {
    schema: PlanFormSchema,
    act: acceptPlan,
    event: CaseDetailType.planAgreed,
    ack: 'planAgreed',
    arTeam: undefined,
  },
  hardship: {
    schema: HardshipFormSchema,
    act: declareHardship,
    event: CaseDetailType.hardshipDeclared,
    ack: 'hardshipAck',
    arTeam: undefined,
  },
  callback: {
    schema: CallbackFormSchema,
    act: requestCallback,
    event: CaseDetailType.callbackRequested,
    ack: 'callbackAck',
    arTeam: tellOfCallback,
  },
  'stop-emails': {
    schema: StopEmailsFormSchema,
    act: stopEmails,
    event: undefined,
    ack: undefined,
    arTeam: undefined,
  },
} as const;

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

function formValues(event: z.infer<typeof APIGatewayProxyEventV2Schema>): Record<string, string> {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [String(issue.path[0] ?? 'form'), issue.message]));
}

async function act(record: CaseRecord, action: DebtorAction, values: Record<string, string>, now: Date) {
  const form = FORMS[action];
  const parsed = form.schema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) } as const;
  const policy = policyFor(record.debtor.segment);
  const replyId = randomUUID();
  const result: ActionResult = (form.act as (r: CaseRecord, f: unknown, c: unknown) => ActionResult)(
    record,
    parsed.data,
    {
      now,
      daySeconds: config.DAY_SECONDS,
      replyId,
      policy,
      currencyDigits: minorUnitDigits(record.balance.currency),
    },
  );
  if (!result.ok) return result;
  // The timeline first, then everything the action sets in motion.
  const updated = await store.recordAction(record, result.change, {
    ...result.change.timeline,
    at: now.toISOString(),
  });
  await deliverPendingReply(store, updated);
  // What this action recorded; `updated` is read back and may already carry a change made after it.
  const recorded = applyChange(record, result.change);
  // The action is on the case: what it sets in motion may fail now (an outage) and go later.
  const followUp = (key: string, next: FollowUp) =>
    carryOutOrQueue(store, config, { caseId: record.caseId, key: `${key}-${replyId}`, followUp: next, now });
  if (form.event) {
    await followUp('event', {
      type: 'event',
      detailType: form.event,
      detail: { caseId: record.caseId, accountId: record.accountId, ...result.detail, at: now.toISOString() },
    });
  }
  if (form.arTeam) {
    await followUp('ar-team', {
      type: 'ar-team',
      notice: form.arTeam(recorded, result.detail, now.toISOString()),
    });
  }
  if (form.ack)
    await acknowledge(updated, form.ack, `${form.ack}-${replyId}`, ackDetails(recorded, action), now);
  return result;
}

/** The pages of a case besides its actions. */
const PAGES = ['history', 'survey', DOCUMENTS_ROUTE] as const;
type CasePage = DebtorAction | (typeof PAGES)[number];
const isCasePage = (value: string): value is CasePage =>
  (PAGES as readonly string[]).includes(value) || DEBTOR_ACTIONS.includes(value as DebtorAction);

/** The survey after a closed case: recorded once on the timeline, then SurveyAnswered on the bus. */
async function answerSurvey(
  record: CaseRecord,
  values: Record<string, string>,
  now: Date,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; answered: true }> {
  const parsed = SurveyFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { entry, detail } = surveyAnswer(record, parsed.data, now);
  if (!(await store.recordSurveyAnswer(record, entry))) return { ok: false, answered: true };
  await carryOutOrQueue(store, config, {
    caseId: record.caseId,
    key: 'event-survey-answered',
    followUp: { type: 'event', detailType: CaseDetailType.surveyAnswered, detail },
    now,
  });
  return { ok: true };
}

/**
 * Acts on the case as it is now: when something else changed it first (two tabs, a double click, a
 * payment), the case is read again and the action judged afresh, never answered with an error.
 */
async function actOnLatest(
  record: CaseRecord,
  action: DebtorAction,
  fields: Record<string, string>,
  now: Date,
) {
  let current: CaseRecord | undefined = record;
  for (let attempt = 1; ; attempt++) {
    if (!current || actionUnavailable(current, action)) return 'unavailable' as const;
    try {
      // A retry happens later: its timeline entry says when it really was recorded.
      return await act(current, action, fields, attempt === 1 ? now : new Date());
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= 5) throw error;
      current = await store.getCase(record.caseId);
    }
  }
}

/**
 * Sends the action's acknowledgement through the contact gate. If the send fails (SES down), the
 * outbox sends it later and the debtor still sees the confirmation. Had SES in fact taken it before
 * failing, it goes twice: the same at-least-once as a retried reminder, never more than that.
 */
async function acknowledge(
  record: CaseRecord,
  kind: EmailKind,
  messageKey: string,
  extra: Partial<EmailContext>,
  now: Date,
) {
  try {
    await sendCaseEmail({ store, config, record, kind, messageKey, now, extra });
  } catch (error) {
    logger.warn('An acknowledgement failed; it waits in the outbox', {
      caseId: record.caseId,
      messageKey,
      error: error as Error,
    });
    const at = now.toISOString();
    await store.putInOutbox({
      caseId: record.caseId,
      messageKey,
      dueAt: at,
      queuedAt: at,
      kind,
      purpose: EMAIL_PURPOSE[kind],
      extra: extra as Record<string, unknown>,
    });
  }
}

/** The debtor's pages. Every link that does not open a case gets the same 404 page (no enumeration). */
export const handler = middy()
  .use(parser({ schema: APIGatewayProxyEventV2Schema }))
  .handler(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
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
    if (!claims || !record || (action !== undefined && !isCasePage(action))) {
      logger.info('Link refused', { routeKey: event.routeKey, requestId: event.requestContext.requestId });
      return html(404, linkNotFoundPage(chooseLanguage({ query: requested, acceptLanguage })));
    }
    const accountPath = casePagePath(link);
    const csrf = csrfToken(link, secret);
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

    // Dispute documents: their own page; uploads go straight to S3 and come back here.
    if (action === DOCUMENTS_ROUTE) {
      if (!isGet) return html(404, linkNotFoundPage(language));
      return documentsRoute({
        record,
        view,
        rawQueryString: event.rawQueryString,
        now,
        reload: () => store.getCase(record.caseId),
      });
    }
    if (!action) {
      if (surveyOffered(record)) return html(200, thankYouPage(record, view, { csrf, current: 'account' }));
      const links = actionLinks(view, (candidate) => !actionUnavailable(record, candidate));
      return html(200, accountPage(record, view, links + documentsLink(record, view)));
    }
    if (action === 'history') {
      if (!isGet) return html(404, linkNotFoundPage(language));
      return html(200, historyPage(await store.timeline(record.caseId), view));
    }

    const values = isGet ? {} : formValues(event);
    if (!isGet && !csrfMatches(values.csrf, link, secret)) {
      logger.warn('Form refused: CSRF token missing or wrong', { caseId: record.caseId, action });
      return html(403, linkNotFoundPage(language));
    }
    const { csrf: _csrf, ...fields } = values;

    if (action === 'survey') {
      const unavailable = surveyUnavailable(record);
      if (isGet) {
        if (done) return html(200, surveyMessagePage(view, 'done'));
        if (unavailable === 'not-closed') return html(200, surveyMessagePage(view, 'notClosed'));
        return html(200, thankYouPage(record, view, { csrf }));
      }
      if (unavailable) {
        return html(409, surveyMessagePage(view, unavailable === 'not-closed' ? 'notClosed' : 'answered'));
      }
      const answer = await answerSurvey(record, fields, now);
      if (!answer.ok) {
        if ('answered' in answer) return html(409, surveyMessagePage(view, 'answered'));
        return html(
          400,
          thankYouPage(record, view, { csrf, state: { values: fields, errors: answer.errors } }),
        );
      }
      logger.info('Survey answered', { caseId: record.caseId });
      return seeOther(hrefTo(view, '/survey', 'done'));
    }

    const debtorAction = action;
    const latest = latestPromiseDate(policy, view.today);
    const formPage = (
      status: number,
      state?: { values: Record<string, string>; errors: Record<string, string> },
    ) =>
      html(
        status,
        actionFormPage({
          record,
          action: debtorAction,
          view,
          csrf,
          latestPromiseDate: latest,
          offers: debtorAction === 'plan' ? plansOnOffer(record, policy, now) : [],
          unavailable: actionUnavailable(record, debtorAction),
          ...(state ? { state } : {}),
        }),
      );

    if (isGet) {
      if (done) {
        // The pause this action set, if it is still the case's (a page read again later may find it over).
        const pause = record.pause?.reason === debtorAction ? record.pause : undefined;
        return html(
          200,
          actionDonePage({
            record,
            action: debtorAction,
            view,
            ...(pause?.promisedDate ? { promisedDate: pause.promisedDate } : {}),
            ...(pause ? { pausedUntil: pause.until } : {}),
            ...(record.callback ? { callback: record.callback } : {}),
            ...(debtorAction === 'dispute' ? { more: documentsLink(record, view) } : {}),
          }),
        );
      }
      return formPage(200);
    }

    const result = await actOnLatest(record, debtorAction, fields, now);
    if (result === 'unavailable') return formPage(409);
    if (!result.ok) return formPage(400, { values: fields, errors: result.errors });
    logger.info('Debtor action recorded', { caseId: record.caseId, action });
    return seeOther(hrefTo(view, `/${debtorAction}`, 'done'));
  });
