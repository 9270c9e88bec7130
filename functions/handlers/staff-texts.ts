import middy from '@middy/core';
import { cognitoStaffIdentity } from '../adapters/cognito/staff-identity.ts';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoContactRecords } from '../adapters/dynamodb/contact-records.ts';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { staffPaths } from '../contract/routes.ts';
import { formatDateTime } from '../domain/dates.ts';
import { textRefusedPoints } from '../domain/metrics.ts';
import { may } from '../domain/staff.ts';
import { gateText } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { emitMetricPoints } from '../shared/metrics.ts';
import { casePageOf } from '../staff/case-view.ts';
import { staffHref, staffWords } from '../staff/layout.ts';
import { forbiddenPage, notFoundPage } from '../staff/pages.ts';
import { replyByText } from '../use-cases/reply-by-text.ts';
import { httpApiMiddleware } from './middleware/http-api.ts';
import { staffForm } from './middleware/staff-form.ts';
import { page, type Response, seeOther } from './middleware/staff-session.ts';

/**
 * A reply to the debtor by text (issue 16: a text from the debtor waits in the debtor-messages
 * queue), behind the staff API with the console's session and CSRF token: the agent's words pass
 * the one send gate (shared/case-mail.ts `gateText`: consent, the contact window in the debtor's
 * zone, the weekly cap shared with every email and text) and deliverText sends what it records. A
 * function of its own, so the console's bundle does not carry the gate. Refused (no consent, the
 * contact rules, too long), the case page comes back with the problem beside the field and the
 * words kept; nothing was written.
 */
const config = loadFunctionConfig('staffTexts');
const identity = cognitoStaffIdentity({
  issuer: config.STAFF_TOKEN_ISSUER,
  clientId: config.STAFF_CLIENT_ID,
});
const cases = dynamoCases(config.TABLE_NAME);
const ports = {
  store: cases,
  texts: gateText({ ...cases, ...dynamoContactRecords(config.TABLE_NAME) }, config),
  creditorName: config.CREDITOR.name,
};

/** The longest reply a person may type (the gate's segment limit is the real bound). */
const TEXT_MAX = 1000;

export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event): Promise<Response> => {
    const form = await staffForm(event, identity, () => linkSecret(config.LINK_SECRET_ARN), 'Staff text');
    if ('refused' in form) return form.refused;
    const { language, session, view, values } = form;
    // Roles on the server, before the fields are read: a viewer's form changes nothing.
    if (!may(session.member.role, 'text-reply')) return page(403, forbiddenPage(view));
    const caseId = event.pathParameters?.caseId ?? '';
    const { csrf: _csrf, ...fields } = values;
    const words = staffWords(language).actions.errors;
    const message = (fields.message ?? '').trim();
    const refuse = async (error: string, status: number) => {
      const record = await cases.getCase(caseId);
      if (!record) return page(404, notFoundPage(view));
      const timeline = await cases.timeline(caseId);
      return page(
        status,
        casePageOf(view, record, timeline, {
          form: { action: 'text-reply', values: fields, errors: { message: error } },
        }),
      );
    };
    if (!message) return refuse(words.required, 400);
    if (message.length > TEXT_MAX) return refuse(words.tooLong, 400);
    const result = await replyByText(caseId, message, session.member, ports);
    switch (result.outcome) {
      case 'forbidden':
        return page(403, forbiddenPage(view));
      case 'no-case':
        return page(404, notFoundPage(view));
      case 'empty':
        return refuse(words.required, 400);
      case 'too-long':
        return refuse(words.textTooLong(result.maxSegments), 400);
      case 'no-consent':
        // Nothing is recorded of a refused reply: its metric goes from here (TextsRefused).
        emitMetricPoints(textRefusedPoints(result));
        return refuse(words.noConsent, 409);
      case 'refused': {
        emitMetricPoints(textRefusedPoints(result));
        const locale = language === 'es' ? 'es-ES' : 'en-GB';
        const when = result.until
          ? formatDateTime(result.until.toISOString(), locale, result.record.debtor.timeZone)
          : undefined;
        return refuse(words.textRefused(when), 409);
      }
      case 'sent':
        return seeOther(staffHref(view, staffPaths.case(caseId), { done: '1' }));
    }
  });
