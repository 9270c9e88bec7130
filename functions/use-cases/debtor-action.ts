import { randomUUID } from 'node:crypto';
import { CaseDetailType } from '../contract/events.ts';
import type * as z from '../contract/zod.ts';
import { placedCaseChange } from '../domain/agency.ts';
import { type ArTeamNotice, callbackNotice, disputeNotice } from '../domain/ar-team.ts';
import type { CaseRecord } from '../domain/case.ts';
import { applyChange } from '../domain/case-updates.ts';
import {
  type ActionResult,
  actionUnavailable,
  CallbackFormSchema,
  chooseFewerReminders,
  type DebtorAction,
  DisputeFormSchema,
  FewerRemindersFormSchema,
  openDispute,
  PromiseFormSchema,
  promiseToPay,
  requestCallback,
  SnoozeFormSchema,
  StopEmailsFormSchema,
  snoozeReminders,
  stopEmails,
} from '../domain/debtor-actions.ts';
import type { EmailContext } from '../domain/emails.ts';
import type { FollowUp } from '../domain/follow-up.ts';
import { minorUnitDigits } from '../domain/money.ts';
import { acceptPlan, declareHardship, HardshipFormSchema, PlanFormSchema } from '../domain/plan-journey.ts';
import { policyFor } from '../domain/policy.ts';
import { CaseChangedError, type Cases, type Outbox, type Replies } from '../ports/case-store.ts';
import type { Workflow } from '../ports/effects.ts';
import { forwardDetail } from './agency-forwards.ts';
import { queueEmail, queueFollowUp } from './follow-ups.ts';
import { waitBeforeRetry } from './mark-case.ts';
import { deliverPendingReply } from './replies.ts';

/**
 * The workflow hears of the action at once (it races reminders against replies); everything else
 * the action sets in motion (its event, the AR team's notice, the acknowledgement) goes through the
 * outbox, due now (see follow-ups.ts).
 */
export type DebtorActionPorts = {
  store: Pick<Cases, 'getCase' | 'recordAction'> & Replies & Pick<Outbox, 'putInOutbox'>;
  workflow: Pick<Workflow, 'answer'>;
};

export type DebtorActionSettings = {
  daySeconds: number;
  /**
   * What the acknowledgement email says of the action, from the case as the action left it (the
   * words for it are the presentation's: the portal passes them in).
   */
  ackDetails: (record: CaseRecord, action: DebtorAction) => Partial<EmailContext>;
  /**
   * Who recorded the action for the debtor (a member of staff, on the phone: issue 12), written on
   * its timeline entry; absent when the debtor acted in the portal.
   */
  recordedBy?: { by: string; role: string; channel: 'phone' };
};

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

/** Each action's form, its decision, its event, its acknowledgement and what the AR team is told. */
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
  // Issue 16: the debtor sets the pace. On the timeline and the History page; no email of their own
  // (the account page and the confirmation say what happens), no event (billing's contract is unchanged).
  snooze: {
    schema: SnoozeFormSchema,
    act: snoozeReminders,
    event: undefined,
    ack: undefined,
    arTeam: undefined,
  },
  'fewer-reminders': {
    schema: FewerRemindersFormSchema,
    act: chooseFewerReminders,
    event: undefined,
    ack: undefined,
    arTeam: undefined,
  },
} as const;

/** A form's problems, field by field (the first path segment names the field). */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [String(issue.path[0] ?? 'form'), issue.message]));
}

export type DebtorActionOutcome = 'unavailable' | ActionResult;

/** How often an action is judged afresh on a case that keeps changing. */
const MAX_ATTEMPTS = 8;

/**
 * A debtor acts on their case (a promise, a dispute, a plan, hardship, a callback, no more emails),
 * on the case as it is now: when something else changed it first (two tabs, a double click, a
 * payment), the case is read again and the action judged afresh, never answered with an error.
 */
export async function takeDebtorAction(
  record: CaseRecord,
  action: DebtorAction,
  fields: Record<string, string>,
  now: Date,
  ports: DebtorActionPorts,
  settings: DebtorActionSettings,
): Promise<DebtorActionOutcome> {
  let current: CaseRecord | undefined = record;
  for (let attempt = 1; ; attempt++) {
    if (!current || actionUnavailable(current, action)) return 'unavailable';
    try {
      // A retry happens later: its timeline entry says when it really was recorded.
      return await act(current, action, fields, attempt === 1 ? now : new Date(), ports, settings);
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
      // What changed it may be one write of a burst (a message the action's own follow-ups
      // recorded, the workflow moving on): wait a little, longer each time, then read it again.
      await waitBeforeRetry(attempt);
      current = await ports.store.getCase(record.caseId);
    }
  }
}

async function act(
  record: CaseRecord,
  action: DebtorAction,
  values: Record<string, string>,
  now: Date,
  ports: DebtorActionPorts,
  settings: DebtorActionSettings,
): Promise<ActionResult> {
  const { store } = ports;
  const form = FORMS[action];
  const parsed = form.schema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const policy = policyFor(record.debtor.segment);
  const replyId = randomUUID();
  const result: ActionResult = (form.act as (r: CaseRecord, f: unknown, c: unknown) => ActionResult)(
    record,
    parsed.data,
    {
      now,
      daySeconds: settings.daySeconds,
      replyId,
      policy,
      currencyDigits: minorUnitDigits(record.balance.currency),
    },
  );
  if (!result.ok) return result;
  // A placed case (issue 14): a dispute recalls it from the agency, an opt-out is forwarded to it.
  const placed =
    action === 'dispute' || action === 'stop-emails'
      ? placedCaseChange(
          record,
          result.change,
          action === 'dispute' ? 'dispute' : 'opt-out',
          now.toISOString(),
        )
      : { change: result.change };
  // A promise or plan agreed with a person on the phone (issue 12) says who recorded it.
  const change = settings.recordedBy
    ? {
        ...placed.change,
        timeline: {
          ...placed.change.timeline,
          data: { ...placed.change.timeline.data, ...settings.recordedBy },
        },
      }
    : placed.change;
  // The timeline first, then everything the action sets in motion.
  const updated = await store.recordAction(record, change, {
    ...change.timeline,
    at: now.toISOString(),
  });
  await deliverPendingReply(ports, updated);
  // What this action recorded; `updated` is read back and may already carry a change made after it.
  const recorded = applyChange(record, change);
  // The action is on the case: what it sets in motion goes through the outbox, carried out a moment
  // later (an outage delays it, never loses it).
  const followUp = (key: string, next: FollowUp) =>
    queueFollowUp(store, { caseId: record.caseId, key: `${key}-${replyId}`, followUp: next, now });
  if (placed.forward)
    await followUp('agency', {
      type: 'event',
      detailType: CaseDetailType.caseForwardedToAgency,
      detail: forwardDetail(recorded, placed.forward, `${action}-${replyId}`, now.toISOString()),
    });
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
  // The acknowledgement passes the send gate when it is carried out, on the case as it is then.
  if (form.ack)
    await queueEmail(store, {
      caseId: record.caseId,
      kind: form.ack,
      messageKey: `${form.ack}-${replyId}`,
      now,
      extra: settings.ackDetails(recorded, action),
    });
  return result;
}
