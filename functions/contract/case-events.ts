import { HARDSHIP_SIGNS } from '../domain/hardship-signs.ts';
import { AGENCY_END_REASONS, AGENCY_FORWARD_KINDS, AgencyIdSchema } from './agency.ts';
import {
  CaseDetailType,
  DebtorSchema,
  InvoiceOverdueDetailSchema,
  MoneySchema,
  PaymentReceivedDetailSchema,
} from './events.ts';
import * as z from './zod.ts';

/**
 * The events this system emits on the collections bus (source `COLLECTIONS_SOURCE`), one zod schema
 * per detail-type. Billing, the AR team and collection agencies subscribe to them; docs/events.md is
 * generated from this file (`npm run docs:events`).
 *
 * Field names already on the wire stay as they are (`openedAt`, `sentAt`, `placedAt`, `resolvedAt`);
 * every other event says when it happened in `at`.
 */

// Building blocks, reused from the billing contract so both directions validate alike.
const accountId = InvoiceOverdueDetailSchema.shape.accountId;
const invoiceId = InvoiceOverdueDetailSchema.shape.invoiceId;
/** A calendar date, YYYY-MM-DD (in the debtor's time zone where it is a deadline for them). */
const date = InvoiceOverdueDetailSchema.shape.dueDate;
/** An instant, ISO 8601 with an offset (the system writes UTC, `Z`). */
const instant = PaymentReceivedDetailSchema.shape.paidAt;

/** `<accountId>-<case number>`: one case per account at a time, numbered from 1. */
export const CaseIdSchema = z
  .string()
  .check(z.minLength(1))
  .check(z.maxLength(80))
  .check(z.regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, dot, underscore and dash'))
  .check(z.describe('The case: the account id, a dash and the case number, e.g. ACC-1042-1.'));

/**
 * What the account still owes on the case. Unlike `MoneySchema` it may be zero or below: a case is
 * settled at zero, and an overpayment leaves it negative.
 */
export const BalanceSchema = z
  .extend(MoneySchema, {
    amount: z
      .number()
      .check(z.int('must be an integer number of minor units (cents, pence)'))
      .check(z.describe('Minor units (cents, pence); zero once settled, below zero if overpaid.')),
  })
  .check(z.describe('The balance still owed on the case.'));

export const RungSchema = z.enum(['friendly', 'firm', 'final']);
export const ResolutionSchema = z.enum(['paid', 'credited', 'written-off', 'placed']);
export const HardshipReasonSchema = z.enum(['job-loss', 'illness', 'bereavement', 'other']);
export const ManualFollowUpReasonSchema = z
  .enum([
    'opted-out',
    'dispute-unresolved',
    'agency-referral-held',
    'no-contact-hours',
    'undeliverable',
    'complaint',
    'hardship-signs',
    'agency-returned',
    'agency-closed',
    'agency-term-ended',
    'agency-recalled',
  ])
  .check(
    z.describe(
      "opted-out: the debtor stopped emails; dispute-unresolved: no Dispute Resolved came in time; agency-referral-held: a referral precondition failed at the last check; no-contact-hours: the debtor's time zone is not known and their locale names no region, or its zones share no hours of the contact window; undeliverable: an email to the debtor bounced for good (or SES rejected it, or the address is on SES's suppression list), so no email reaches them; complaint: the debtor marked an email as spam, which stops emails like an opt-out; hardship-signs: a check for signs of hardship found signs that stop an automatic referral (HardshipCheckCompleted lists them); agency-returned, agency-closed: the agency gave the case back or closed its file; agency-term-ended: the placement term ran out; agency-recalled: a supervisor recalled the case from the agency.",
    ),
  );
export const HardshipSignSchema = z
  .enum(HARDSHIP_SIGNS)
  .check(
    z.describe(
      "hardship-declared: on this case or one of the account's within the policy's look-back; vulnerable: billing marked the debtor as needing extra care; plan-broken-after-hardship: a hardship plan broke, or a plan broke after a declaration; partial-payments: a payment on this case left a balance; never-reached: nothing reached the debtor: no email (none sent, all withheld or undelivered) and no text.",
    ),
  );

/** Every new event names the case, its account and the instant it happened. */
const caseEvent = z.object({ caseId: CaseIdSchema, accountId, at: instant });
const reference = z
  .string()
  .check(z.minLength(1))
  .check(z.maxLength(100))
  .check(z.regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, dot, underscore and dash'));
const planId = reference.check(z.describe('The schedule, e.g. 3x30d: three instalments, thirty days apart.'));
/** Names a dispute from DisputeOpened to Dispute Resolved. */
export const DisputeIdSchema = reference;
const disputeId = DisputeIdSchema;

export const CaseOpenedDetailSchema = z.object({
  caseId: CaseIdSchema,
  accountId,
  balance: BalanceSchema,
  invoiceIds: z.array(invoiceId).check(z.minLength(1)),
  segment: DebtorSchema.shape.segment._zod.def.innerType.check(
    z.describe('The policy segment the case follows.'),
  ),
  openedAt: instant,
});

export const ReminderSentDetailSchema = z.object({
  caseId: CaseIdSchema,
  accountId,
  rung: RungSchema,
  balance: BalanceSchema,
  sentAt: instant,
  agencyReferralDate: z
    .optional(date)
    .check(z.describe('On the final notice only: the date the case may be referred to an agency.')),
});

export const PromiseMadeDetailSchema = z.extend(caseEvent, {
  promisedDate: date.check(z.describe('The date the debtor promised to pay the balance by.')),
  balance: BalanceSchema,
});

export const PromiseBrokenDetailSchema = z.extend(caseEvent, {
  promisedDate: date.check(z.describe('The date that was promised.')),
  balance: BalanceSchema,
});

const InstalmentSchema = z.object({
  number: z.number().check(z.int()).check(z.gte(1)).check(z.describe('1 for the first instalment.')),
  dueDate: date,
  amount: MoneySchema,
});

export const PlanAgreedDetailSchema = z
  .extend(caseEvent, {
    planId,
    total: MoneySchema.check(z.describe('The balance the plan pays off: the sum of the instalments.')),
    instalments: z
      .array(InstalmentSchema)
      .check(z.minLength(2))
      .check(z.describe('In order of due date; billing may set up autopay from this schedule.')),
  })
  .check(
    z.superRefine(({ total, instalments }, context) => {
      instalments.forEach((instalment, index) => {
        if (instalment.number !== index + 1)
          context.addIssue({
            code: 'custom',
            path: ['instalments', index, 'number'],
            message: `must be ${index + 1}: instalments are numbered 1, 2, 3 … in order`,
          });
        if (instalment.amount.currency !== total.currency)
          context.addIssue({
            code: 'custom',
            path: ['instalments', index, 'amount', 'currency'],
            message: `must be the plan's currency, ${total.currency}`,
          });
        const previous = instalments[index - 1];
        if (previous && previous.dueDate >= instalment.dueDate)
          context.addIssue({
            code: 'custom',
            path: ['instalments', index, 'dueDate'],
            message: 'must be after the previous instalment',
          });
      });
      const sum = instalments.reduce((running, instalment) => running + instalment.amount.amount, 0);
      if (sum !== total.amount)
        context.addIssue({
          code: 'custom',
          path: ['instalments'],
          message: `add up to ${sum}, not the plan's total of ${total.amount}`,
        });
    }),
  );

export const PlanOfferedDetailSchema = z.extend(caseEvent, {
  balance: BalanceSchema,
  plans: z
    .array(
      z.object({
        planId,
        total: MoneySchema.check(z.describe('The balance the plan pays off: the sum of the instalments.')),
        instalments: z.array(InstalmentSchema).check(z.minLength(2)),
      }),
    )
    .check(z.minLength(1))
    .check(z.maxLength(3))
    .check(z.describe('The schedules the offer email proposes, each one a link to accept it.')),
});

export const HardshipCheckCompletedDetailSchema = z.extend(caseEvent, {
  checkpoint: z
    .enum(['final-notice', 'agency-referral'])
    .check(
      z.describe('Where the ladder checked: before the final notice, or just before an agency referral.'),
    ),
  outcome: z
    .enum(['go-on', 'review'])
    .check(
      z.describe('go-on: the ladder goes on; review: no automatic referral, a person reviews the case.'),
    ),
  signs: z
    .array(HardshipSignSchema)
    .check(z.describe('Every sign found (the policy decides which of them stop a referral); no free text.')),
});

export const InstalmentMissedDetailSchema = z.extend(caseEvent, {
  planId,
  instalment: InstalmentSchema,
  misses: z
    .number()
    .check(z.int())
    .check(z.gte(1))
    .check(z.describe('Instalments missed on this plan so far, this one included.')),
  balance: BalanceSchema,
});

export const PlanBrokenDetailSchema = z.extend(caseEvent, {
  planId,
  misses: z.number().check(z.int()).check(z.gte(1)),
  balance: BalanceSchema,
});

export const HardshipDeclaredDetailSchema = z.extend(caseEvent, {
  reason: HardshipReasonSchema,
  affordablePerMonth: MoneySchema.check(z.describe('What the debtor said they can pay each month.')),
  pausedUntil: date.check(z.describe('Collection is paused until this date; then a plan is offered.')),
});

export const DisputeOpenedDetailSchema = z.extend(caseEvent, {
  disputeId,
  reason: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(200)),
  note: z
    .optional(z.string().check(z.maxLength(2000)))
    .check(z.describe("The debtor's own words, for the AR team.")),
  invoiceIds: z
    .optional(z.array(invoiceId).check(z.minLength(1)))
    .check(z.describe('The invoices disputed; all of the case if absent.')),
});

export const CallbackRequestedDetailSchema = z.extend(caseEvent, {
  phone: z.string().check(z.trim()).check(z.minLength(5)).check(z.maxLength(40)),
  preferredTime: z
    .string()
    .check(z.trim())
    .check(z.minLength(1))
    .check(z.maxLength(200))
    .check(
      z.describe(
        "When to call, in the debtor's time zone: morning, afternoon or evening (the portal's choices).",
      ),
    ),
  pausedUntil: date.check(z.describe('Reminders pause until this date.')),
});

export const SettlementOfferedDetailSchema = z.extend(caseEvent, {
  amount: MoneySchema.check(z.describe('Billing should accept this amount as payment in full.')),
  balance: BalanceSchema,
  discountPercent: z.number().check(z.int()).check(z.gte(1)).check(z.lte(90)),
  validUntil: date.check(z.describe('The last day (in the debtor’s time zone) the offer may be taken up.')),
});

export const ManualFollowUpNeededDetailSchema = z.extend(caseEvent, {
  reason: ManualFollowUpReasonSchema,
  balance: BalanceSchema,
  detail: z
    .optional(z.string().check(z.maxLength(500)))
    .check(z.describe('What the person should look at; no personal data.')),
});

/** The case file an agency receives: the minimum it needs (GDPR), closed to any other field. */
export const CasePlacedWithAgencyDetailSchema = z.object({
  caseId: CaseIdSchema,
  accountId,
  agencyId: z
    .optional(AgencyIdSchema)
    .check(
      z.describe('The agency the case is placed with (its rule sends the file to its API destination).'),
    ),
  balance: BalanceSchema,
  invoices: z.array(z.object({ invoiceId, amountDue: MoneySchema, dueDate: date })).check(z.minLength(1)),
  debtor: z.strictObject(z.pick(DebtorSchema, { name: true, email: true }).shape),
  contactPreferences: z.strictObject({
    locale: DebtorSchema.shape.locale._zod.def.innerType,
    timeZone: DebtorSchema.shape.timeZone._zod.def.innerType,
    emailOptOut: z.boolean().check(z.describe('True if the debtor asked for no more email.')),
    contactWindow: z.optional(
      z
        .strictObject({
          start: z.string().check(z.regex(/^\d{2}:\d{2}$/)),
          end: z.string().check(z.regex(/^\d{2}:\d{2}$/)),
        })
        .check(z.describe('The hours (in the debtor’s time zone) the debtor may be contacted.')),
    ),
  }),
  timeline: z
    .array(
      z.strictObject({
        type: z
          .string()
          .check(z.minLength(1))
          .check(z.describe('What happened, e.g. EmailSent, PaymentReceived.')),
        at: instant,
        kind: z
          .optional(z.string().check(z.minLength(1)))
          .check(z.describe('For an email: which one (friendly, firm, final …).')),
      }),
    )
    .check(z.describe('What happened on the case, oldest first; no internal notes.')),
  dispute: z
    .nullable(
      z.strictObject({
        disputeId,
        reason: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(200)),
        status: z.enum(['open', 'upheld', 'rejected']),
        openedAt: instant,
        resolvedAt: z.optional(instant),
      }),
    )
    .check(z.describe('The case’s dispute, if it ever had one (an open dispute blocks placement).')),
  placedAt: instant,
});

/** What goes to the agency while a case is placed with it (issue 14), each on the case's timeline too. */
export const CaseForwardedToAgencyDetailSchema = z.object({
  caseId: CaseIdSchema,
  accountId,
  agencyId: AgencyIdSchema,
  forwardId: z
    .string()
    .check(z.minLength(1))
    .check(z.describe('Unique per forward: the agency de-duplicates by it.')),
  kind: z
    .enum(AGENCY_FORWARD_KINDS)
    .check(
      z.describe(
        'payment: the debtor paid the business (balance is what is left); recall: stop collecting now (reason says why); opt-out: the debtor asked for no more email; legal-pause: collection is legally paused; legal-pause-ended: the legal pause is over and collection may go on; invoice-cancelled: billing cancelled an invoice; invoice-added: another overdue invoice of the account joined the case (amount).',
      ),
    ),
  reason: z.optional(z.enum(AGENCY_END_REASONS)),
  amount: z.optional(MoneySchema),
  balance: BalanceSchema,
  at: instant,
});

export const CaseResolvedDetailSchema = z.object({
  caseId: CaseIdSchema,
  accountId,
  resolution: ResolutionSchema,
  balance: BalanceSchema,
  resolvedAt: instant,
});

export const SurveyAnsweredDetailSchema = z.extend(caseEvent, {
  score: z
    .number()
    .check(z.int())
    .check(z.gte(1))
    .check(z.lte(5))
    .check(z.describe('1 (poor) to 5 (very good).')),
  comment: z.optional(z.string().check(z.trim()).check(z.maxLength(1000))),
});

type CaseEvent = { schema: z.ZodMiniObject; description: string };

/** Every event out, by detail-type. */
export const CASE_EVENTS = {
  [CaseDetailType.caseOpened]: {
    schema: CaseOpenedDetailSchema,
    description:
      'When an overdue invoice opens a case for an account with none open; billing learns the account is in collections.',
  },
  [CaseDetailType.reminderSent]: {
    schema: ReminderSentDetailSchema,
    description:
      'When a friendly, firm or final reminder has gone to the debtor; billing and the AR team follow the ladder.',
  },
  PromiseMade: {
    schema: PromiseMadeDetailSchema,
    description:
      'When the debtor promises to pay by a date and reminders pause; billing can expect the payment.',
  },
  PromiseBroken: {
    schema: PromiseBrokenDetailSchema,
    description:
      'When a promised date plus grace passes unpaid and reminders resume one rung up; for the AR team.',
  },
  PlanAgreed: {
    schema: PlanAgreedDetailSchema,
    description:
      'When the debtor accepts a payment plan; billing sets up autopay from the schedule of instalments.',
  },
  [CaseDetailType.planOffered]: {
    schema: PlanOfferedDetailSchema,
    description:
      'When the ladder’s plan offer has gone to the debtor with two or three concrete schedules; billing can expect a PlanAgreed.',
  },
  [CaseDetailType.hardshipCheckCompleted]: {
    schema: HardshipCheckCompletedDetailSchema,
    description:
      'When the ladder has checked for signs of hardship (before the final notice and before a referral); the outcome and the kinds of signs, for the AR team and for oversight.',
  },
  InstalmentMissed: {
    schema: InstalmentMissedDetailSchema,
    description:
      'When an instalment of an agreed plan is not paid by its due date; billing and the AR team track the plan.',
  },
  PlanBroken: {
    schema: PlanBrokenDetailSchema,
    description:
      "When the policy's number of missed instalments breaks a plan and the case goes to the final notice; billing cancels autopay.",
  },
  HardshipDeclared: {
    schema: HardshipDeclaredDetailSchema,
    description:
      'When the debtor declares financial hardship and collection pauses; for the AR team and billing (no fees or interest).',
  },
  DisputeOpened: {
    schema: DisputeOpenedDetailSchema,
    description:
      'When the debtor disputes the debt and collection stops; the AR team reviews it and answers with Dispute Resolved.',
  },
  CallbackRequested: {
    schema: CallbackRequestedDetailSchema,
    description: 'When the debtor asks to talk to a person and reminders pause; the AR team calls back.',
  },
  SettlementOffered: {
    schema: SettlementOfferedDetailSchema,
    description:
      'When the final notice offers early settlement; billing must accept the discounted amount as payment in full until it expires.',
  },
  ManualFollowUpNeeded: {
    schema: ManualFollowUpNeededDetailSchema,
    description:
      'When the case cannot go on automatically (for example the debtor stopped emails); the AR team takes it over.',
  },
  [CaseDetailType.casePlacedWithAgency]: {
    schema: CasePlacedWithAgencyDetailSchema,
    description:
      'When the case is referred to a collection agency as the last resort; the agency’s rule sends it the minimum case file, and the case waits for the agency’s reports.',
  },
  [CaseDetailType.caseForwardedToAgency]: {
    schema: CaseForwardedToAgencyDetailSchema,
    description:
      'When something happens to a case placed with an agency (a payment, a recall, an opt-out, a legal pause and its end, a cancelled invoice); the agency’s rule sends it to its API destination.',
  },
  [CaseDetailType.caseResolved]: {
    schema: CaseResolvedDetailSchema,
    description:
      'When the case closes (paid, credited, written off or placed); billing and reporting close their side.',
  },
  SurveyAnswered: {
    schema: SurveyAnsweredDetailSchema,
    description:
      'When the debtor answers the one-question survey on the portal after the case closed (paid or credited); once per case; for customer experience.',
  },
} as const satisfies Record<string, CaseEvent>;

export type CaseEventType = keyof typeof CASE_EVENTS;
/** The detail of an event out, as it goes on the bus. */
export type CaseEventDetail<T extends CaseEventType> = z.infer<(typeof CASE_EVENTS)[T]['schema']>;
