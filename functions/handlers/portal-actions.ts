import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoDebtorPreferences } from '../adapters/dynamodb/debtor-preferences.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { dynamoTextRecords } from '../adapters/dynamodb/text-records.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import * as z from '../contract/zod.ts';
import { type CaseRecord, isActive } from '../domain/case.ts';
import { DEBTOR_ACTIONS, type DebtorAction } from '../domain/debtor-actions.ts';
import type { EmailContext } from '../domain/emails.ts';
import { LANGUAGE_CODES, type Language, languageOf } from '../domain/language.ts';
import { surveyUnavailable } from '../domain/survey.ts';
import { callbackTimeLabel } from '../portal/action-pages.ts';
import { LANGUAGE_ROUTE } from '../portal/language-form.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { linkNotFoundPage } from '../portal/pages.ts';
import { surveyMessagePage, thankYouPage } from '../portal/survey-pages.ts';
import { TEXTS_PAGE, textsPage } from '../portal/text-pages.ts';
import { hrefTo } from '../portal/view.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { answerSurvey } from '../use-cases/answer-survey.ts';
import { takeDebtorAction } from '../use-cases/debtor-action.ts';
import { keepDebtorLanguage } from '../use-cases/keep-language.ts';
import { setTextPreferences } from '../use-cases/text-preferences.ts';
import { actionForm } from './portal-forms.ts';
import { type CaseRoutes, html, portalHandler, type Route, seeOther } from './portal-request.ts';

/**
 * The portal's forms (every POST): a debtor's action or survey answer, recorded, and the workflow
 * told at once; its acknowledgement, event and AR-team notice go through the outbox (the carriers
 * send and publish them a moment later), so this function holds no SES, SNS or EventBridge client.
 */
const config = loadFunctionConfig('portalActions');
const store = {
  ...dynamoCases(config.TABLE_NAME),
  ...dynamoReplies(config.TABLE_NAME),
  ...dynamoOutbox(config.TABLE_NAME),
};
const ports = { store, workflow: sfnWorkflow() };
const preferences = dynamoDebtorPreferences(config.TABLE_NAME);

/**
 * The language the debtor picked on the portal is kept (issue 16) when they say so (the offer on
 * a page switched to another language than the case's): a switch alone only shows the page in it.
 */
const keepPageLanguage = (record: CaseRecord, language: Language, now: Date) =>
  languageOf(record.debtor.locale) === language
    ? Promise.resolve(record)
    : keepDebtorLanguage(record, language, now, { store, preferences });

const LanguageFormSchema = z.object({ language: z.enum(LANGUAGE_CODES) });

/** "Write to me in Spanish from now on": the case and the debtor keep the page's language. */
const languageRoute: Route = async ({ record, view, fields, now }) => {
  const parsed = LanguageFormSchema.safeParse(fields);
  if (!parsed.success) return html(400, linkNotFoundPage(view.language));
  await keepPageLanguage(record, parsed.data.language, now);
  logger.info('Language kept', { language: parsed.data.language });
  return seeOther(hrefTo({ ...view, language: parsed.data.language }));
};
const texts = dynamoTextRecords(config.TABLE_NAME);

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

const surveyAnswerRoute: Route = async ({ record, view, csrf, fields, now }) => {
  const unavailable = surveyUnavailable(record);
  if (unavailable)
    return html(409, surveyMessagePage(view, unavailable === 'not-closed' ? 'notClosed' : 'answered'));
  const answer = await answerSurvey(record, fields, now, ports);
  if (!answer.ok) {
    if ('answered' in answer) return html(409, surveyMessagePage(view, 'answered'));
    return html(400, thankYouPage(record, view, { csrf, state: { values: fields, errors: answer.errors } }));
  }
  logger.info('Survey answered');
  return seeOther(hrefTo(view, '/survey', 'done'));
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
    logger.info('Debtor action recorded', { action });
    return seeOther(hrefTo(view, `/${action}`, 'done'));
  };

/**
 * RFC 8058's one-click unsubscribe, a mail client's POST to the email's `List-Unsubscribe` URL: the
 * portal's "stop emails", at once. 200 with an empty body whether it stopped them now or they had
 * stopped already (or the case is closed): a second POST changes nothing.
 */
const oneClickRoute: Route = async ({ record, now }) => {
  const result = await takeDebtorAction(record, 'stop-emails', { confirm: 'yes' }, now, ports, {
    daySeconds: config.DAY_SECONDS,
    ackDetails,
  });
  if (result !== 'unavailable' && !result.ok) throw new Error('The one-click unsubscribe was refused');
  logger.info('One-click unsubscribe', { stopped: result !== 'unavailable' });
  return { statusCode: 200, headers: SECURITY_HEADERS, body: '' };
};

/** The debtor's texts (issue 16): consent given or withdrawn, the number, the channel. */
const textsPostRoute: Route = async ({ record, view, csrf, fields, now }) => {
  if (!isActive(record.status)) return html(409, textsPage(record, view, { csrf }));
  const result = await setTextPreferences(record, fields, now, {
    store: { ...store, ...texts },
    creditorName: config.CREDITOR.name,
  });
  if (result === 'unavailable') return html(409, textsPage(record, view, { csrf }));
  if (!result.ok)
    return html(400, textsPage(record, view, { csrf, state: { values: fields, errors: result.errors } }));
  const welcomed = result.record.smsWelcomedAt === now.toISOString();
  return seeOther(hrefTo(view, `/${TEXTS_PAGE}`, welcomed ? 'done&welcome' : 'done'));
};

const FORM_ROUTES: CaseRoutes = {
  survey: { POST: surveyAnswerRoute },
  [LANGUAGE_ROUTE]: { POST: languageRoute },
  ...Object.fromEntries(DEBTOR_ACTIONS.map((action) => [action, { POST: actionPostRoute(action) }])),
  'stop-emails': { POST: actionPostRoute('stop-emails'), ONE_CLICK: oneClickRoute },
  [TEXTS_PAGE]: { POST: textsPostRoute },
};

export const handler = portalHandler({
  routes: FORM_ROUTES,
  getCase: (caseId) => store.getCase(caseId),
  linkSecretArn: config.LINK_SECRET_ARN,
  creditor: config.CREDITOR,
});
