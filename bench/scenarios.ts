import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/contract/table.ts';
import {
  BillingDetailType,
  eventually,
  overdueInvoice,
  stateTransitions,
  type TestRuntime,
} from '../test/support/local-runtime.ts';

export type ScenarioId = 'paid-after-friendly' | 'ladder-to-agency' | 'joined-partial-paid';

export type ScenarioResult = {
  id: ScenarioId;
  title: string;
  /** Budget on billed state transitions; undefined = reported only. */
  budget?: number;
  status: string;
  /** Names of the states entered, in order: each is one billed state transition. */
  states: string[];
  transitions: number;
  emails: string[];
  /** Whether the journey went the way the scenario meant it to (the emails it expected). */
  asIntended: boolean;
  wallMs: number;
};

type Scenario = {
  id: ScenarioId;
  title: string;
  budget?: number;
  accountId: string;
  /** Drives the journey; the execution is then awaited and its history read. */
  drive(ctx: Ctx): Promise<void>;
  intended(subjects: string[]): boolean;
};

type Ctx = {
  runtime: TestRuntime;
  email: string;
  accountId: string;
  balanceIs(amount: number): Promise<void>;
  pay(paymentId: string, amount: number): Promise<void>;
  firstEmail(): Promise<void>;
};

const FRIENDLY = /^A friendly reminder: /;
const THANKS = /^Thank you: your account is paid$/;

export const SCENARIOS: Scenario[] = [
  {
    id: 'paid-after-friendly',
    title: 'paid in full after the friendly reminder',
    budget: 8,
    accountId: 'BENCH-PAID',
    async drive(ctx) {
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({ accountId: ctx.accountId, invoiceId: 'INV-BP-1', email: ctx.email }),
      );
      await ctx.firstEmail();
      await ctx.pay('PAY-BP-1', 12_950);
    },
    intended: (s) => s.length === 2 && FRIENDLY.test(s[0] ?? '') && THANKS.test(s[1] ?? ''),
  },
  {
    id: 'ladder-to-agency',
    title: 'no answer: full ladder, referred to the agency',
    budget: 16,
    accountId: 'BENCH-LADDER',
    async drive(ctx) {
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({ accountId: ctx.accountId, invoiceId: 'INV-BL-1', email: ctx.email }),
      );
    },
    intended: (s) => s.length === 4 && FRIENDLY.test(s[0] ?? '') && /collection agency/.test(s[3] ?? ''),
  },
  {
    id: 'joined-partial-paid',
    title: 'two invoices joined, partial then final payment',
    accountId: 'BENCH-JOINED',
    async drive(ctx) {
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({ accountId: ctx.accountId, invoiceId: 'INV-BJ-1', email: ctx.email }),
      );
      await ctx.firstEmail();
      await ctx.runtime.putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({ accountId: ctx.accountId, invoiceId: 'INV-BJ-2', email: ctx.email, amount: 5_000 }),
      );
      await ctx.balanceIs(17_950);
      await ctx.pay('PAY-BJ-1', 7_950);
      await ctx.balanceIs(10_000);
      await ctx.pay('PAY-BJ-2', 10_000);
    },
    intended: (s) => s.length === 2 && FRIENDLY.test(s[0] ?? '') && THANKS.test(s[1] ?? ''),
  },
];

/**
 * Runs every scenario at once on one runtime (one per process: the handlers read their
 * configuration at load) and counts each execution's billed state transitions from its history.
 */
export async function runScenarios(runtime: TestRuntime, timeoutMs: number): Promise<ScenarioResult[]> {
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const executionArn = (accountId: string) =>
    `${runtime.endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${accountId}-case-1`;
  try {
    return await Promise.all(
      SCENARIOS.map(async (scenario): Promise<ScenarioResult> => {
        const started = Date.now();
        const { accountId } = scenario;
        const email = `${accountId.toLowerCase()}@example.com`;
        const caseId = `${accountId}-1`;
        const ctx: Ctx = {
          runtime,
          email,
          accountId,
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
          async firstEmail() {
            await eventually(
              `the first email to ${email}`,
              async () => (await runtime.emailsTo(email))[0],
              timeoutMs,
            );
          },
        };
        await scenario.drive(ctx);
        const arn = executionArn(accountId);
        await eventually(`${arn} to start`, async () => {
          try {
            return (await runtime.history(arn)).length > 0;
          } catch {
            return false;
          }
        });
        const status = await runtime.stepFunctions.waitForExecution(arn, timeoutMs);
        const states = stateTransitions(await runtime.history(arn));
        const emails = (await runtime.emailsTo(email)).map((message) => message.subject);
        return {
          id: scenario.id,
          title: scenario.title,
          budget: scenario.budget,
          status,
          states,
          transitions: states.length,
          emails,
          asIntended: status === 'SUCCEEDED' && scenario.intended(emails),
          wallMs: Date.now() - started,
        };
      }),
    );
  } finally {
    table.destroy();
  }
}
