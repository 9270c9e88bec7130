import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { BillingDetailType, DEFAULT_BILLING_SOURCE } from '../../functions/contract/events.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/runtime.ts';
import type { StoredEmail } from '../../lib/local/ses-local.ts';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export type TestRuntime = LocalRuntime & {
  putBillingEvent(detailType: string, detail: unknown): Promise<void>;
  emailsTo(address: string): Promise<StoredEmail[]>;
  history(executionArn: string): Promise<HistoryEvent[]>;
  sfn: SFNClient;
  /** The runtime's link-signing key, to forge links the way only the server could. */
  linkSecret: string;
  close(): Promise<void>;
};

/** The real local runtime, in a throwaway state directory, with retries and timeouts shrunk. */
export async function startTestRuntime(daySeconds: number): Promise<TestRuntime> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'collections-test-'));
  const runtime = await startLocalRuntime({ rootDir, daySeconds, stateDir, retryScale: 0.01 });
  const events = new EventBridgeClient({ endpoint: runtime.endpoints.eventbridge, ...local });
  const sfn = new SFNClient({ endpoint: runtime.endpoints.stepfunctions, ...local });
  return {
    ...runtime,
    sfn,
    linkSecret: readFileSync(path.join(stateDir, 'link-secret'), 'utf8').trim(),
    async putBillingEvent(detailType, detail) {
      const out = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: runtime.endpoints.eventBusName,
              Source: DEFAULT_BILLING_SOURCE,
              DetailType: detailType,
              Detail: JSON.stringify(detail),
            },
          ],
        }),
      );
      if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
    },
    async emailsTo(address) {
      return (await runtime.mail.emails()).filter((email) => email.destination.to.includes(address));
    },
    async history(executionArn) {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 100 }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return events;
    },
    async close() {
      events.destroy();
      sfn.destroy();
      await runtime.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns a value (not undefined/false), or fails with what it was waiting for. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      // Not there yet (an execution not started, say): keep polling, and report it on timeout.
      failure = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${failure ? ` (last error: ${failure})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The portal link in an email's plain-text part. */
export function linkIn(email: StoredEmail): string {
  const match = /https?:\/\/\S+\/case\/[A-Za-z0-9_.%-]+/.exec(email.body.text ?? '');
  if (!match) throw new Error(`No account link in "${email.subject}"`);
  return match[0];
}

/** State transitions as billed: every state entered, counted from the execution history. */
export function stateTransitions(history: HistoryEvent[]): string[] {
  return history
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails?.name ?? '');
}

export const overdueInvoice = (overrides: {
  accountId: string;
  invoiceId: string;
  email: string;
  amount?: number;
  locale?: string;
}) => ({
  accountId: overrides.accountId,
  invoiceId: overrides.invoiceId,
  amountDue: { amount: overrides.amount ?? 12_950, currency: 'GBP' },
  dueDate: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10),
  debtor: {
    name: 'Alex Morgan',
    email: overrides.email,
    locale: overrides.locale ?? 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  paymentUrl: `https://billing.example.com/pay/${overrides.invoiceId}`,
});

export { BillingDetailType };
