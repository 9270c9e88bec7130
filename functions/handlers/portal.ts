import { randomUUID } from 'node:crypto';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { CaseDetailType } from '../contract/events.ts';
import { casePagePath } from '../contract/routes.ts';
import type { CaseRecord } from '../domain/case.ts';
import { csrfMatches, csrfToken } from '../domain/csrf.ts';
import { localDate } from '../domain/dates.ts';
import {
  type ActionResult,
  actionUnavailable,
  DEBTOR_ACTIONS,
  type DebtorAction,
  DisputeFormSchema,
  openDispute,
  PromiseFormSchema,
  promiseToPay,
  StopEmailsFormSchema,
  stopEmails,
} from '../domain/debtor-actions.ts';
import type { EmailContext } from '../domain/emails.ts';
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
import { actionDonePage, actionFormPage, actionLinks } from '../portal/action-pages.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { accountPage, homePage, languageFromHeader, linkNotFoundPage } from '../portal/pages.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { linkSecret } from '../shared/link-secret.ts';
import { logger } from '../shared/logger.ts';
import { publish } from '../shared/publish.ts';
import { deliverPendingReply } from '../shared/workflow.ts';

const config = loadConfig({ ...MAILING_HANDLER_CONFIG, DAY_SECONDS: env.daySeconds });
const store = new CaseStore(config.TABLE_NAME);

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

const FORMS = {
  promise: {
    schema: PromiseFormSchema,
    act: promiseToPay,
    event: CaseDetailType.promiseMade,
    ack: 'promiseAck',
  },
  dispute: {
    schema: DisputeFormSchema,
    act: openDispute,
    event: CaseDetailType.disputeOpened,
    ack: 'disputeAck',
  },
  plan: { schema: PlanFormSchema, act: acceptPlan, event: CaseDetailType.planAgreed, ack: 'planAgreed' },
  hardship: {
    schema: HardshipFormSchema,
    act: declareHardship,
    event: CaseDetailType.hardshipDeclared,
    ack: 'hardshipAck',
  },
  'stop-emails': { schema: StopEmailsFormSchema, act: stopEmails, event: undefined, ack: undefined },
} as const;

/** What each acknowledgement email needs to say, from the case as the action left it. */
function ackDetails(record: CaseRecord): Partial<EmailContext> {
  return {
    ...(record.pause?.promisedDate ? { promiseDate: record.pause.promisedDate } : {}),
    ...(record.pause ? { pauseUntil: record.pause.until } : {}),
    ...(record.plan
      ? { plan: { instalments: record.plan.offer.instalments, total: record.plan.offer.total } }
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
  const result: ActionResult = (form.act as (r: CaseRecord, f: unknown, c: unknown) => ActionResult)(
    record,
    parsed.data,
    {
      now,
      daySeconds: config.DAY_SECONDS,
      replyId: randomUUID(),
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
  if (form.event) {
    await publish(config.EVENT_BUS_NAME, form.event, {
      caseId: record.caseId,
      accountId: record.accountId,
      ...result.detail,
      at: now.toISOString(),
    });
  }
  if (form.ack) {
    await sendCaseEmail({
      store,
      config,
      record: updated,
      kind: form.ack,
      messageKey: `${form.ack}-${result.change.reply?.id}`,
      now,
      extra: ackDetails(updated),
    });
  }
  return result;
}

/** The debtor's pages. Every link that does not open a case gets the same 404 page (no enumeration). */
export const handler = middy()
  .use(parser({ schema: APIGatewayProxyEventV2Schema }))
  .handler(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
    const language = languageFromHeader(event.headers?.['accept-language']);
    if (event.routeKey === 'GET /') return html(200, homePage(language));
    const link = event.pathParameters?.link ?? '';
    const secret = await linkSecret(config.LINK_SECRET_ARN);
    const now = new Date();
    const claims = verifyLink(link, secret, now);
    const record = claims ? await store.getCase(claims.caseId) : undefined;
    const action = event.pathParameters?.action;
    if (!claims || !record || (action !== undefined && !DEBTOR_ACTIONS.includes(action as DebtorAction))) {
      logger.info('Link refused', { routeKey: event.routeKey, requestId: event.requestContext.requestId });
      return html(404, linkNotFoundPage(language));
    }
    const accountPath = casePagePath(link);
    const csrf = csrfToken(link, secret);
    const policy = policyFor(record.debtor.segment);
    if (!action) {
      const links = actionLinks(record, accountPath, (candidate) => !actionUnavailable(record, candidate));
      return html(200, accountPage(record, policy.creditorName, links));
    }
    const debtorAction = action as DebtorAction;
    const latest = latestPromiseDate(policy, localDate(now, record.debtor.timeZone));
    const formPage = (
      status: number,
      state?: { values: Record<string, string>; errors: Record<string, string> },
    ) =>
      html(
        status,
        actionFormPage({
          record,
          action: debtorAction,
          accountPath,
          csrf,
          latestPromiseDate: latest,
          offers: debtorAction === 'plan' ? plansOnOffer(record, policy, now) : [],
          unavailable: actionUnavailable(record, debtorAction),
          ...(state ? { state } : {}),
        }),
      );

    if (event.requestContext.http.method === 'GET') {
      const done = event.rawQueryString === 'done';
      if (done) {
        const pause = record.pause;
        return html(
          200,
          actionDonePage({
            record,
            action: debtorAction,
            accountPath,
            ...(pause?.promisedDate ? { promisedDate: pause.promisedDate } : {}),
            ...(pause ? { pausedUntil: pause.until } : {}),
          }),
        );
      }
      return formPage(200);
    }

    const values = formValues(event);
    if (!csrfMatches(values.csrf, link, secret)) {
      logger.warn('Form refused: CSRF token missing or wrong', { caseId: record.caseId, action });
      return html(403, linkNotFoundPage(language));
    }
    if (actionUnavailable(record, debtorAction)) return formPage(409);
    const { csrf: _csrf, ...fields } = values;
    const result = await act(record, debtorAction, fields, now);
    if (!result.ok) return formPage(400, { values: fields, errors: result.errors });
    logger.info('Debtor action recorded', { caseId: record.caseId, action });
    return seeOther(`${accountPath}/${debtorAction}?done`);
  });
