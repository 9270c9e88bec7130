import middy from '@middy/core';
import { cognitoStaffIdentity } from '../adapters/cognito/staff-identity.ts';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { staffPaths } from '../contract/routes.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { DebtorAction } from '../domain/debtor-actions.ts';
import type { EmailContext } from '../domain/emails.ts';
import { mayRecordCommitment, type PhoneCommitment } from '../domain/staff.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { staffHref } from '../staff/layout.ts';
import { forbiddenPage, notFoundPage } from '../staff/pages.ts';
import { takeDebtorAction } from '../use-cases/debtor-action.ts';
import { httpApiMiddleware } from './middleware/http-api.ts';
import { staffForm } from './middleware/staff-form.ts';
import { page, type Response, seeOther } from './middleware/staff-session.ts';

/**
 * A promise or a plan agreed on the phone (issue 12): an agent records it for the debtor, through
 * the portal's own use case (use-cases/debtor-action.ts: the same rules, the same reply to the
 * workflow, the same acknowledgement through the outbox and the one send gate), its timeline entry
 * saying who recorded it. A function of its own (the console is near its bundle budget), behind the
 * staff API with the console's session and CSRF token. A refused form goes back to the case page
 * with its problem beside its field and the value kept.
 */
const config = loadFunctionConfig('staffCommitments');
const identity = cognitoStaffIdentity({
  issuer: config.STAFF_TOKEN_ISSUER,
  clientId: config.STAFF_CLIENT_ID,
});
const store = {
  ...dynamoCases(config.TABLE_NAME),
  ...dynamoReplies(config.TABLE_NAME),
  ...dynamoOutbox(config.TABLE_NAME),
};
const ports = { store, workflow: sfnWorkflow() };

/** What the acknowledgement says of a promise or a plan, from the case as the action left it. */
function ackDetails(record: CaseRecord, _action: DebtorAction): Partial<EmailContext> {
  return {
    ...(record.pause?.promisedDate ? { promiseDate: record.pause.promisedDate } : {}),
    ...(record.pause ? { pauseUntil: record.pause.until } : {}),
    ...(record.plan
      ? { plan: { instalments: record.plan.offer.instalments, total: record.plan.offer.total } }
      : {}),
  };
}

const FIELD: Record<PhoneCommitment, 'date' | 'planId'> = { promise: 'date', plan: 'planId' };

export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event): Promise<Response> => {
    const form = await staffForm(
      event,
      identity,
      () => linkSecret(config.LINK_SECRET_ARN),
      'Phone commitment',
    );
    if ('refused' in form) return form.refused;
    const { language, session, view, values } = form;
    const forbidden = () => page(403, forbiddenPage(view));
    const action: PhoneCommitment | undefined = event.routeKey.endsWith('/promise')
      ? 'promise'
      : event.routeKey.endsWith('/plan')
        ? 'plan'
        : undefined;
    if (!action) return forbidden();
    // Roles on the server: a viewer's form changes nothing.
    if (!mayRecordCommitment(session.member.role)) {
      logger.warn('Phone commitment refused for the role', { role: session.member.role });
      return forbidden();
    }
    const caseId = event.pathParameters?.caseId ?? '';
    const record = await store.getCase(caseId);
    if (!record) return page(404, notFoundPage(view));
    appendCorrelationIds({ caseId: record.caseId, accountId: record.accountId });
    const field = FIELD[action];
    const value = (values[field] ?? '').trim().slice(0, 32);
    const back = (problem: string) =>
      seeOther(staffHref({ language }, staffPaths.case(caseId), { commitment: action, problem, value }));
    const result = await takeDebtorAction(record, action, { [field]: value }, new Date(), ports, {
      daySeconds: config.DAY_SECONDS,
      ackDetails,
      recordedBy: { by: session.member.email, role: session.member.role, channel: 'phone' },
    });
    if (result === 'unavailable') return back('unavailable');
    if (!result.ok) return back(Object.values(result.errors)[0] ?? 'unavailable');
    logger.info('Phone commitment recorded', { action, role: session.member.role });
    return seeOther(staffHref({ language }, staffPaths.case(caseId), { done: '1' }));
  });
