import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type HistoryEvent, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { NextBillingDetailType } from '../functions/contract/billing-events-next.ts';
import { keys } from '../functions/contract/table.ts';
import { addDays, localDate } from '../functions/domain/dates.ts';
import { DEBTOR_ACTIONS } from '../functions/domain/debtor-actions.ts';
import {
  BillingDetailType,
  CONTACT_CHECK_STATES,
  eventually,
  journeyOf,
  linkIn,
  overdueInvoice,
  stateTransitions,
  type TestRuntime,
} from '../test/support/local-runtime.ts';
import { confirmation, submit } from './portal.ts';

export type ScenarioId =
  | 'paid-after-friendly'
  | 'ladder-to-agency'
  | 'promise-kept'
  | 'joined-partial-paid'
  | 'promise-broken'
  | 'dispute-upheld'
  | 'dispute-rejected'
  | 'stop-emails'
  | 'plan-paid-off'
  | 'plan-broken'
  | 'hardship-plan'
  | 'legal-pause-resumed'
  | 'invoice-cancelled'
  | 'callback';

export type ScenarioResult = {
  id: ScenarioId;
  title: string;
  /** The integration test whose steps the scenario repeats. */
  source: string;
  /** Budget on billed state transitions; undefined = reported only. */
  budget?: number;
  /**
   * SUCCEEDED (or another end) when the execution ended; RUNNING when the test stops watching a
   * live execution (the bench then stops it, so that it does not load the others); ERROR when the
   * scenario could not be driven.
   */
  status: string;
  /** The last state entered: where it ended, or where it was still waiting. */
  lastState: string;
  /** "SUCCEEDED at <state>" or "RUNNING at <state>". */
  end: string;
  /** Names of the states entered, in order: each is one billed state transition. */
  states: string[];
  /** Billed state transitions here, on the scaled clock: states.length. */
  transitions: number;
  /** The states without the contact checks and deferral loops (journeyOf): what the scenario is about. */
  journey: string[];
  /**
   * What AWS would bill for this journey (see contactAccounting): the journey, plus the contact gate
   * once per rung reached. The budgets judge this number.
   */
  awsTransitions: number;
  /** Times the journey waited for the debtor's contact window ("Wait until we may write"): 3 states each. */
  contactWaits: number;
  /** Sends that found the window closed after the check let them through, and went round again: 4 states each. */
  contactDeferrals: number;
  /** transitions - awsTransitions: what the waits and deferral loops cost here. */
  contactOverhead: number;
  /** When each "Check the contact rules" ran, on the policy clock in the debtor's zone (Europe/London). */
  contactChecksAt: string[];
  emails: string[];
  /**
   * Replies (by outcome and id) that more than one waiting state took: each extra answer re-runs
   * "Act on the reply" and a waiting state, two billed transitions that the journey did not need.
   */
  repliesAnsweredTwice: { id: string; outcome: string; times: number }[];
  /** Whether the journey went the way the test expects it to (its states and emails). */
  asIntended: boolean;
  error?: string;
  wallMs: number;
};

type Seen = { status: string; states: string[]; subjects: string[] };

type Scenario = {
  id: ScenarioId;
  title: string;
  source: string;
  budget?: number;
  accountId: string;
  /**
   * Where the test stops watching a journey that is still running: the state it waits in. Without
   * it, the test (and the bench) waits for the execution to end.
   */
  settlesAt?: string;
  /** Why the scenario cannot run in this tree, if it cannot. */
  unavailable?(): string | undefined;
  /** Drives the journey as its test does; the execution is then awaited (or settled) and its history read. */
  drive(ctx: Ctx): Promise<void>;
  intended(seen: Seen): boolean;
};

type Ctx = {
  runtime: TestRuntime;
  /** How long one step may wait. */
  timeoutMs: number;
  email: string;
  accountId: string;
  /** Puts the overdue invoice(s), waits for the first reminder, and returns its account link. */
  openCase(options?: { amount?: number; invoiceIds?: string[]; locale?: string }): Promise<string>;
  balanceIs(amount: number): Promise<void>;
  pay(paymentId: string, amount: number): Promise<void>;
  /** A billing case update (Dispute Resolved, Collection Paused, ...) for this account. */
  update(detailType: string, detail: Record<string, unknown>): Promise<void>;
  firstEmail(): Promise<void>;
  /** The n-th email (from 0) to this debtor. */
  nthEmail(n: number): Promise<void>;
  emailWith(subject: RegExp): Promise<void>;
  stateEntered(name: string): Promise<void>;
};

const FRIENDLY = /^A friendly reminder: /;
const THANKS = /^Thank you: your account is paid$/;

const ACT = 'Act on the reply';
const PAUSE = 'Pause collection and wait';
const SEND_FRIENDLY = 'Send friendly reminder and wait for reply';
const THANK_AND_CLOSE = 'Thank the customer and close the case as paid';
const CREDITED = 'Close the case as credited';

const today = () => localDate(new Date(), 'Europe/London');
/**
 * The scenarios' invoices fell due yesterday, as a nightly billing run reports them: the friendly
 * reminder waits the policy's days, and the workflow starts then, from the outbox (what most cases
 * cost; an invoice reported late starts at once).
 */
const fellDueYesterday = () => addDays(today(), -1);
const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

const DEBTOR_ACTIONS_TEST = 'test/integration/debtor-actions.test.ts';
const PLANS_TEST = 'test/integration/plans-and-hardship.test.ts';
const CASE_UPDATES_TEST = 'test/integration/case-updates.test.ts';
const CALLBACK_TEST = 'test/integration/person-and-settlement.test.ts';

export const SCENARIOS: Scenario[] = [
  {
    id: 'paid-after-friendly',
    title: 'paid in full after the friendly reminder',
    source: 'bench',
    budget: 8,
    accountId: 'BENCH-PAID',
    async drive(ctx) {
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({
          accountId: ctx.accountId,
          invoiceId: 'INV-BP-1',
          email: ctx.email,
          dueDate: fellDueYesterday(),
        }),
      );
      await ctx.firstEmail();
      await ctx.pay('PAY-BP-1', 12_950);
      await ctx.emailWith(THANKS);
    },
    intended: ({ status, subjects }) =>
      status === 'SUCCEEDED' &&
      subjects.length === 2 &&
      FRIENDLY.test(subjects[0] ?? '') &&
      THANKS.test(subjects[1] ?? ''),
  },
  {
    id: 'ladder-to-agency',
    title: 'no answer: full ladder with the plan offer and both hardship checks, referred to the agency',
    source: 'bench',
    // Issue 11: reminders, a plan offer, a check for signs of hardship before the final notice and
    // again before the referral; issue 14: then the choice and the wait for the agency's report. A
    // rung's timeout moves up the ladder the intake planned (one choice), straight to the next
    // rung's send or, before the final notice, to the check for signs of hardship.
    budget: 17,
    settlesAt: 'Wait while the agency works the case',
    accountId: 'BENCH-LADDER',
    async drive(ctx) {
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({
          accountId: ctx.accountId,
          invoiceId: 'INV-BL-1',
          email: ctx.email,
          dueDate: fellDueYesterday(),
        }),
      );
      // The placement's news is an outcome: it goes when the rules allow, perhaps from the outbox.
      await ctx.emailWith(/collection agency/);
    },
    // Placed, the execution waits for the agency's report (issue 14) for the placement term.
    intended: ({ status, states, subjects }) =>
      status === 'RUNNING' &&
      states.at(-1) === 'Wait while the agency works the case' &&
      subjects.length === 5 &&
      FRIENDLY.test(subjects[0] ?? '') &&
      /^You can spread the cost/.test(subjects[2] ?? '') &&
      /collection agency/.test(subjects[4] ?? ''),
  },
  {
    id: 'promise-kept',
    title: 'promise to pay, kept',
    source: `${DEBTOR_ACTIONS_TEST} › promise to pay › pauses reminders until the date; a payment by then closes the case`,
    // 7 before the contact check; the rung's check adds two (check, choice).
    budget: 11,
    accountId: 'BENCH-PROMISE',
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 10_000 });
      await confirmation(await submit(link, 'promise', { date: addDays(today(), 5) }));
      await ctx.stateEntered(PAUSE);
      await ctx.pay('PAY-PROMISE', 10_000);
      await ctx.emailWith(THANKS);
    },
    intended: ({ status, states, subjects }) =>
      status === 'SUCCEEDED' &&
      same(journeyOf(states).slice(1), [ACT, PAUSE, ACT, THANK_AND_CLOSE]) &&
      THANKS.test(subjects.at(-1) ?? ''),
  },
  {
    id: 'joined-partial-paid',
    title: 'two invoices joined, partial then final payment',
    source: 'bench',
    accountId: 'BENCH-JOINED',
    async drive(ctx) {
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({
          accountId: ctx.accountId,
          invoiceId: 'INV-BJ-1',
          email: ctx.email,
          dueDate: fellDueYesterday(),
        }),
      );
      await ctx.firstEmail();
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({
          accountId: ctx.accountId,
          invoiceId: 'INV-BJ-2',
          email: ctx.email,
          amount: 5_000,
          dueDate: fellDueYesterday(),
        }),
      );
      await ctx.balanceIs(17_950);
      await ctx.pay('PAY-BJ-1', 7_950);
      await ctx.balanceIs(10_000);
      await ctx.pay('PAY-BJ-2', 10_000);
      await ctx.emailWith(THANKS);
    },
    // The friendly reminder, the thanks for the part payment, then the thanks for paying in full.
    intended: ({ status, subjects }) =>
      status === 'SUCCEEDED' && FRIENDLY.test(subjects[0] ?? '') && THANKS.test(subjects.at(-1) ?? ''),
  },
  {
    id: 'promise-broken',
    title: 'promise to pay, broken: resumes one rung up',
    source: `${DEBTOR_ACTIONS_TEST} › promise to pay › a broken promise resumes one rung up`,
    accountId: 'BENCH-BROKEN',
    settlesAt: 'Send firm reminder and wait for reply',
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 10_000 });
      await confirmation(await submit(link, 'promise', { date: today() }));
      await ctx.emailWith(/still unpaid/);
    },
    intended: ({ states }) => states.includes('Decide how to go on after the pause'),
  },
  {
    id: 'dispute-upheld',
    title: 'dispute, upheld: closed as credited',
    source: `${DEBTOR_ACTIONS_TEST} › dispute › stops collection at once … an upheld dispute closes the case as credited`,
    accountId: 'BENCH-DISPUTE',
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 10_000 });
      await confirmation(
        await submit(link, 'dispute', { reason: 'wrong-amount', note: 'I was charged twice.' }),
      );
      await ctx.nthEmail(1);
      await ctx.stateEntered(PAUSE);
      await ctx.update(NextBillingDetailType.disputeResolved, {
        outcome: 'upheld',
        note: 'Refunded the duplicate.',
      });
      // The credit's news, as the test waits for it: the rules may hold it for the morning.
      await ctx.nthEmail(2);
    },
    intended: ({ status, states, subjects }) =>
      status === 'SUCCEEDED' && states.at(-1) === CREDITED && subjects.length === 3,
  },
  {
    id: 'dispute-rejected',
    title: 'dispute, rejected: resumes where it was',
    source: `${DEBTOR_ACTIONS_TEST} › dispute › a rejected dispute resumes where it was`,
    accountId: 'BENCH-REJECT',
    settlesAt: SEND_FRIENDLY,
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 10_000 });
      await confirmation(await submit(link, 'dispute', { reason: 'already-paid' }));
      await ctx.stateEntered(PAUSE);
      await ctx.update(NextBillingDetailType.disputeResolved, {
        outcome: 'rejected',
        note: 'We could not find a payment from you.',
      });
      await ctx.nthEmail(2);
    },
    intended: ({ subjects }) => subjects.length === 3,
  },
  {
    id: 'stop-emails',
    title: 'stop emails: handed to a person',
    source: `${DEBTOR_ACTIONS_TEST} › stop emails › is honoured at once and for good`,
    accountId: 'BENCH-STOP',
    // Handed to a person, the case waits for them (issue 12): the execution runs on in that state.
    settlesAt: 'Wait for a person to act',
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 10_000, locale: 'es-ES' });
      await confirmation(await submit(link, 'stop-emails', { confirm: 'yes' }));
      await ctx.stateEntered('Wait for a person to act');
      // A part payment afterwards is not thanked by email: the opt-out holds.
      await ctx.pay('PAY-STOP', 1_000);
      await ctx.runtime.sqs.drained();
    },
    intended: ({ status, states, subjects }) =>
      status === 'RUNNING' &&
      same(states.slice(-2), [
        'Hand the case to a person for manual follow-up',
        'Wait for a person to act',
      ]) &&
      subjects.length === 1,
  },
  {
    id: 'plan-paid-off',
    title: 'payment plan, paid off',
    source: `${PLANS_TEST} › a payment plan › offers schedules … closes as paid when the last is paid`,
    accountId: 'BENCH-PLAN',
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 30_000 });
      await confirmation(await submit(link, 'plan', { planId: '3x30d' }));
      await ctx.emailWith(/Your payment plan is set up/);
      await ctx.emailWith(/Your instalment of £100\.00 is due on/);
      await ctx.pay('PAY-PLAN-1', 10_000);
      await ctx.pay('PAY-PLAN-2', 20_000);
      await ctx.emailWith(THANKS);
    },
    intended: ({ status, states, subjects }) =>
      status === 'SUCCEEDED' && states.at(-1) === THANK_AND_CLOSE && THANKS.test(subjects.at(-1) ?? ''),
  },
  {
    id: 'plan-broken',
    title: 'payment plan, broken by misses: final notice',
    source: `${PLANS_TEST} › a payment plan › nudges when an instalment is missed … ends the plan with the final notice`,
    accountId: 'BENCH-PLANMISS',
    settlesAt: 'Send final notice and wait for reply',
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 30_000 });
      await confirmation(await submit(link, 'plan', { planId: '3x30d' }));
      await ctx.emailWith(/We haven't received your instalment/);
      await ctx.emailWith(/Your payment plan has ended/);
      await ctx.emailWith(/^Final notice/);
    },
    intended: ({ subjects }) => subjects.some((s) => /^Final notice/.test(s)),
  },
  {
    id: 'hardship-plan',
    title: 'hardship, then a sized plan accepted',
    source: `${PLANS_TEST} › financial hardship › pauses collection … then offers a plan sized to what they can afford`,
    accountId: 'BENCH-HARD',
    settlesAt: PAUSE,
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 30_000 });
      await confirmation(
        await submit(link, 'hardship', {
          reason: 'job-loss',
          affordable: '25',
          note: 'Lost my job in October.',
        }),
      );
      await ctx.emailWith(/We've paused collection until/);
      await ctx.emailWith(/A plan sized to what you can afford/);
      await confirmation(await submit(link, 'plan', { planId: '12x30d' }));
      await ctx.emailWith(/Your payment plan is set up/);
    },
    intended: ({ subjects }) => subjects.some((s) => /Your payment plan is set up/.test(s)),
  },
  {
    id: 'legal-pause-resumed',
    title: 'legal pause, then resumed',
    source: `${CASE_UPDATES_TEST} › a legal pause (breathing space) › stops all contact … then resumes where it was`,
    accountId: 'BENCH-BREATHE',
    settlesAt: SEND_FRIENDLY,
    async drive(ctx) {
      await ctx.openCase({ amount: 10_000, invoiceIds: [`${ctx.accountId}-INV-1`] });
      await ctx.stateEntered(SEND_FRIENDLY);
      await ctx.update(NextBillingDetailType.collectionPaused, { reason: 'breathing-space' });
      await ctx.stateEntered(PAUSE);
      // A repeat of the pause event changes nothing.
      await ctx.update(NextBillingDetailType.collectionPaused, { reason: 'breathing-space' });
      await ctx.runtime.sqs.drained();
      await ctx.update(NextBillingDetailType.collectionResumed, {});
      await ctx.nthEmail(1);
    },
    intended: ({ states, subjects }) =>
      subjects.length === 2 && same(journeyOf(states), [SEND_FRIENDLY, ACT, PAUSE, ACT, SEND_FRIENDLY]),
  },
  {
    id: 'invoice-cancelled',
    title: 'only invoice cancelled: credited',
    source: `${CASE_UPDATES_TEST} › a cancelled invoice › credits a case whose only invoice is cancelled`,
    accountId: 'BENCH-CANCEL',
    async drive(ctx) {
      await ctx.openCase({ amount: 10_000, invoiceIds: [`${ctx.accountId}-INV-1`] });
      await ctx.stateEntered(SEND_FRIENDLY);
      await ctx.update(NextBillingDetailType.invoiceCancelled, { invoiceId: `${ctx.accountId}-INV-1` });
      // The credit's news, as the test waits for it: the rules may hold it for the morning.
      await ctx.nthEmail(1);
    },
    intended: ({ status, states, subjects }) =>
      status === 'SUCCEEDED' && same(states.slice(-2), [ACT, CREDITED]) && subjects.length === 2,
  },
  {
    id: 'callback',
    title: 'talk to a person (callback), then resumed',
    source: `${CALLBACK_TEST} › talk to a person › pauses reminders … then resumes at the same rung`,
    accountId: 'BENCH-CALL',
    settlesAt: SEND_FRIENDLY,
    unavailable: () =>
      (DEBTOR_ACTIONS as readonly string[]).includes('callback')
        ? undefined
        : "'callback' is not in DEBTOR_ACTIONS (functions/domain/debtor-actions.ts)",
    async drive(ctx) {
      const link = await ctx.openCase({ amount: 10_000 });
      await confirmation(
        await submit(link, 'callback', {
          phone: '+44 20 7946 0958',
          preferredTime: 'morning',
          note: 'Not on Fridays',
        }),
      );
      await ctx.stateEntered(PAUSE);
      await ctx.nthEmail(1);
      await ctx.nthEmail(2);
    },
    intended: ({ states, subjects }) =>
      subjects.length === 3 &&
      same(journeyOf(states), [
        SEND_FRIENDLY,
        ACT,
        PAUSE,
        'Decide how to go on after the pause',
        ACT,
        SEND_FRIENDLY,
      ]),
  },
];

/** The debtors' wall clock (every scenario's debtor is in London), day and minute. */
const policyTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const executionArnOf = (runtime: TestRuntime, accountId: string) =>
  `${runtime.endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${accountId}-case-1`;

/**
 * Runs every available scenario at once on one runtime (one per process: the handlers read their
 * configuration at load; each scenario has its own account) and counts each execution's billed
 * state transitions from its history.
 */
export async function runScenarios(
  runtime: TestRuntime,
  timeoutMs: number,
): Promise<{ results: ScenarioResult[]; skipped: { id: ScenarioId; reason: string }[] }> {
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const skipped: { id: ScenarioId; reason: string }[] = [];
  // BENCH_SCENARIOS=id,id runs only those (a quick look while developing; the budgets need them all).
  const only = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean);
  const runnable = SCENARIOS.filter((scenario) => {
    if (only && !only.includes(scenario.id)) return false;
    const reason = scenario.unavailable?.();
    if (reason) skipped.push({ id: scenario.id, reason });
    return !reason;
  });
  try {
    const results = await Promise.all(
      runnable.map(async (scenario): Promise<ScenarioResult> => {
        const started = Date.now();
        const { accountId } = scenario;
        const email = `${accountId.toLowerCase()}@example.com`;
        const caseId = `${accountId}-1`;
        const arn = executionArnOf(runtime, accountId);
        const statesNow = async () => stateTransitions(await runtime.history(arn));
        const ctx: Ctx = {
          runtime,
          timeoutMs,
          email,
          accountId,
          async openCase({ amount, invoiceIds = [`${accountId}-INV`], locale } = {}) {
            for (const invoiceId of invoiceIds) {
              await runtime.putBillingEvent(
                BillingDetailType.invoiceOverdue,
                overdueInvoice({
                  accountId,
                  invoiceId,
                  email,
                  dueDate: fellDueYesterday(),
                  ...(amount === undefined ? {} : { amount }),
                  ...(locale === undefined ? {} : { locale }),
                }),
              );
            }
            const reminder = await eventually(
              `the first reminder to ${email}`,
              async () => (await runtime.emailsTo(email))[0],
              timeoutMs,
            );
            return linkIn(reminder);
          },
          async balanceIs(amount) {
            await eventually(
              `${caseId} balance ${amount}`,
              async () =>
                (
                  await table.send(
                    new GetCommand({
                      TableName: runtime.endpoints.tableName,
                      Key: keys.case(caseId),
                      ConsistentRead: true,
                    }),
                  )
                ).Item?.balance?.amount === amount,
              timeoutMs,
            );
          },
          async pay(paymentId, amount) {
            await runtime.putBillingEvent(BillingDetailType.paymentReceived, {
              accountId,
              paymentId,
              amount: { amount, currency: 'GBP' },
              paidAt: new Date().toISOString(),
            });
          },
          async update(detailType, detail) {
            await runtime.putBillingEvent(detailType, { accountId, ...detail });
          },
          async firstEmail() {
            await ctx.nthEmail(0);
          },
          async nthEmail(n) {
            await eventually(
              `email #${n + 1} to ${email}`,
              async () => (await runtime.emailsTo(email))[n],
              timeoutMs,
            );
          },
          async emailWith(subject) {
            await eventually(
              `an email to ${email} matching ${subject}`,
              async () => (await runtime.emailsTo(email)).find((m) => subject.test(m.subject)),
              timeoutMs,
            );
          },
          async stateEntered(name) {
            await eventually(
              `${arn} entering "${name}"`,
              async () => (await statesNow()).includes(name),
              timeoutMs,
            );
          },
        };

        let status = 'ERROR';
        let error: string | undefined;
        try {
          await scenario.drive(ctx);
          await eventually(`${arn} to start`, async () => (await runtime.history(arn)).length > 0, timeoutMs);
          if (scenario.settlesAt) {
            status = await settle(statesNow, scenario.settlesAt, timeoutMs);
          } else {
            status = await runtime.stepFunctions.waitForExecution(arn, timeoutMs);
          }
        } catch (caught) {
          error = (caught as Error).message;
        }
        let history: HistoryEvent[] = [];
        try {
          history = await runtime.history(arn);
        } catch {
          // No execution to read: the scenario failed before its case opened.
        }
        if (status === 'RUNNING' || status === 'ERROR') {
          // The test stops watching here: end the execution, so that it does not load the others.
          await runtime.sfn.send(new StopExecutionCommand({ executionArn: arn })).catch(() => undefined);
        }
        const emails = (await runtime.emailsTo(email)).map((message) => message.subject);
        const states = stateTransitions(history);
        const contact = contactAccounting(states);
        const lastState = states.at(-1) ?? '';
        return {
          id: scenario.id,
          title: scenario.title,
          source: scenario.source,
          budget: scenario.budget,
          status,
          lastState,
          end: `${status} at ${lastState || '(no state)'}`,
          states,
          transitions: states.length,
          journey: contact.journey,
          awsTransitions: contact.awsTransitions,
          contactWaits: contact.waits,
          contactDeferrals: contact.deferrals,
          contactOverhead: states.length - contact.awsTransitions,
          contactChecksAt: history
            .filter(
              (event) =>
                event.type === 'TaskStateEntered' &&
                event.stateEnteredEventDetails?.name === 'Check the contact rules' &&
                event.timestamp,
            )
            .map((event) => policyTime.format(runtime.clock.toPolicy(event.timestamp as Date))),
          emails,
          repliesAnsweredTwice: repliesAnsweredTwice(history),
          asIntended: !error && scenario.intended({ status, states, subjects: emails }),
          ...(error ? { error } : {}),
          wallMs: Date.now() - started,
        };
      }),
    );
    return { results, skipped };
  } finally {
    table.destroy();
  }
}

/**
 * Waits until the execution rests in `state` (the last state entered, with no new one for a
 * while: a reply already sent moves it on within milliseconds), and returns RUNNING.
 */
async function settle(statesNow: () => Promise<string[]>, state: string, timeoutMs: number): Promise<string> {
  const QUIET_MS = 400;
  let seen = -1;
  let since = Date.now();
  await eventually(
    `the execution to rest in "${state}"`,
    async () => {
      const states = await statesNow();
      if (states.length !== seen) {
        seen = states.length;
        since = Date.now();
      }
      return states.at(-1) === state && Date.now() - since >= QUIET_MS;
    },
    timeoutMs,
  );
  return 'RUNNING';
}

/**
 * The billed states split into what AWS would bill and what the scaled clock added.
 *
 * Before a rung the workflow may ask the contact rules and route on their answer ("See whether we
 * may write now"): "Check the contact rules" asks them after a wait, a deferral or a pause's end;
 * the intake asks them for the friendly reminder as it opens the case, and a rung whose reply window
 * ran out moves up the ladder the intake planned ("Move up from …", a choice counted in the
 * journey) straight to the next rung's send, which decides them as it records the email (neither
 * passes the check nor the choice); "Check for signs of hardship" asks them for the final notice
 * (that rung passes the choice alone). On AWS, where a check
 * and its send are milliseconds apart, that is the whole cost of the gate for a rung reached inside
 * the debtor's hours. Locally a policy day lasts DAY_SECONDS, so a millisecond is minutes of policy
 * time: a rung may meet the debtor's night (a wait: "Wait until we may write", then check and see
 * again, 3 states) or a send may find the window closed that its check found open (a deferral: the
 * send answers its own token, "Act on the reply", check, see, send again, 4 states). Those depend on
 * the hour the fast clock reaches, not on the journey; they are reported, not judged.
 *
 *   awsTransitions = journeyOf(states) + (choices seen) + (checks asked), each less the repeats
 *   of the waits and the deferrals (one check and one choice each).
 */
export function contactAccounting(states: readonly string[]): {
  journey: string[];
  awsTransitions: number;
  waits: number;
  deferrals: number;
} {
  const count = (match: (state: string) => boolean) => states.filter(match).length;
  const journey = journeyOf(states);
  const withoutChecks = states.filter((state) => !CONTACT_CHECK_STATES.includes(state));
  // journeyOf drops two states ("Act on the reply", the rung again) for each deferral loop.
  const deferrals = (withoutChecks.length - journey.length) / 2;
  const waits = count((state) => state === 'Wait until we may write');
  const checks = count((state) => state === 'Check the contact rules') - waits - deferrals;
  const choices = count((state) => state === 'See whether we may write now') - waits - deferrals;
  return { journey, awsTransitions: journey.length + checks + choices, waits, deferrals };
}

/** The replies that answered more than one waiting task, from the TaskSucceeded outputs. */
function repliesAnsweredTwice(history: HistoryEvent[]): { id: string; outcome: string; times: number }[] {
  const answers = new Map<string, { id: string; outcome: string; times: number }>();
  for (const event of history) {
    if (event.type !== 'TaskSucceeded') continue;
    let output: unknown;
    try {
      output = JSON.parse(event.taskSucceededEventDetails?.output ?? '');
    } catch {
      continue;
    }
    const { id, outcome } = (output ?? {}) as { id?: unknown; outcome?: unknown };
    // A waiting state's output is the reply itself; a plain Lambda task's is its Payload envelope.
    if (typeof id !== 'string' || typeof outcome !== 'string') continue;
    const seen = answers.get(id) ?? { id, outcome, times: 0 };
    seen.times += 1;
    answers.set(id, seen);
  }
  return [...answers.values()].filter((answer) => answer.times > 1);
}
