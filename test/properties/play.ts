import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendTaskHeartbeatCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readCase } from '../../functions/adapters/dynamodb/case-read.ts';
import { dynamo } from '../../functions/adapters/dynamodb/client.ts';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { BILLING_RULES } from '../../functions/contract/rules.ts';
import { keys } from '../../functions/contract/table.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { addDays, localDate } from '../../functions/domain/dates.ts';
import { linkExpiry, signLink, verifyLink } from '../../functions/domain/links.ts';
import { policyFor } from '../../functions/domain/policy.ts';
import type { ReceivedItem } from '../../local/agency/index.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../../local/http-server.ts';
import {
  EMAIL_EVENTS_INTAKE,
  LOCAL_SENDER,
  LOCAL_SES_CONFIGURATION_SET,
  TEXT_REPLIES,
} from '../../local/runtime/names.ts';
import type { StoredEmail } from '../../local/ses/index.ts';
import { sesEvent } from '../../local/ses/simulator.ts';
import { BillingDetailType, stateTransitions, type TestRuntime } from '../support/local-runtime.ts';
import type { Life, PortalAction, StaffStep, Step } from './life.ts';

export type Entry = { sk: string; type: string; at: string; entryId: string; data?: Record<string, unknown> };
export type CaseView = { record: CaseRecord & { cancelledInvoiceIds?: string[] }; timeline: Entry[] };
/** What the account's cases looked like right after a step (or at the end). */
export type Snapshot = { afterStep: number; cases: CaseView[] };

/** Where a case's execution stands once the life has settled. */
export type ExecutionView = {
  caseId: string;
  status: string;
  /** The state entered last and not yet left (running executions). */
  currentState?: string;
  currentStateType?: string;
  /** The case's task token is open on the engine (SendTaskHeartbeat answered). */
  tokenOpen?: boolean;
};

export type Played = {
  life: Life;
  accountId: string;
  email: string;
  sent: {
    invoices: { invoiceId: string; amount: number }[];
    payments: { paymentId: string; amount: number; repeats: number }[];
    cancellations: string[];
    /** What SES was made to say of which email (its SES message id). */
    sesEvents: { outcome: string; messageId: string; caseId: string }[];
    /** What staff did (issue 12), and what the use case answered. */
    staff: { caseId: string; action: StaffStep; outcome: string }[];
    /** What the debtor texted (issue 16), and when (real instants). */
    replies?: { at: string; body: string }[];
    /** What the local agency reported (issue 14), and the webhook's answer. */
    agency: { report: string; status: number; reportId: string }[];
    /** The invoices billing said fall due soon (issue 16), with the due date it gave. */
    dueSoon?: { invoiceId: string; dueDate: string }[];
  };
  /** The debtor's mobile number (issue 16): shared, like the email, by the lives of one debtor. */
  phone?: string;
  /** Each form posted: the case its link named, and the answer (303 done, 409 unavailable, 400 invalid). */
  portal: { caseId: string; action: PortalAction; status: number }[];
  snapshots: Snapshot[];
  final?: {
    snapshot: Snapshot;
    executions: ExecutionView[];
    /** Mail to the debtor about this account's cases, with the case each one's link names. */
    mail: (StoredEmail & { caseId: string })[];
    /** Every text the local phone got for the debtor's number (issue 16), any case's. */
    texts?: { to: string; body: string; at: string }[];
    /** What the local agency received for this account (issue 14), in order. */
    agency: ReceivedItem[];
    /** The notes before a due date (issue 16): each invoice's note as stored, and the mail that went. */
    notes?: { invoiceId: string; status?: string; sentAt?: string; droppedBecause?: string }[];
    noteMail?: { at: number; invoiceIds: string[] }[];
  };
  error?: string;
};

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drives lives on one local runtime, and reads back what happened from the real services. */
/** The DynamoDB calls that change something (what a GET must never make). */
const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);
/** The GET request a handler is serving now (its method and path), across its awaits. */
const servingGet = new AsyncLocalStorage<string>();
const methodOf = (event: unknown) =>
  (event as { requestContext?: { http?: { method?: string; path?: string } } })?.requestContext?.http;

export class LifePlayer {
  private readonly table: DynamoDBDocumentClient;
  private batches = 0;
  /**
   * Issue 11: no case changes on a GET (mail scanners and link previewers open every link in an
   * email). Every write the functions make while they serve a GET, as "GET <path> made <command>".
   */
  private readonly writesOnGet: string[] = [];
  /** GET requests the functions served, and the DynamoDB calls they made: the check above saw them. */
  readonly gets = { served: 0, calls: 0 };
  private readonly stopWatchingGets: () => void;

  constructor(
    private readonly runtime: TestRuntime,
    readonly daySeconds: number,
  ) {
    this.table = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, ...local }),
    );
    // The portal's and the staff console's GETs, as API Gateway hands them to the functions.
    const host = runtime.lambdas;
    const invoke = host.invoke;
    host.invoke = (name, event) => {
      const http = methodOf(event);
      if (http?.method !== 'GET' && http?.method !== 'HEAD') return invoke(name, event);
      this.gets.served += 1;
      return servingGet.run(`${http.method} ${http.path ?? '?'} (${name})`, () => invoke(name, event));
    };
    // The functions' one DynamoDB client (functions/adapters/dynamodb/client.ts), as they call it.
    const middleware = 'livesWritesOnGet';
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const get = servingGet.getStore();
        if (get) {
          this.gets.calls += 1;
          if (WRITE_COMMANDS.has(String(context.commandName)))
            this.writesOnGet.push(`${get} made ${context.commandName}`);
        }
        return next(args);
      },
      { step: 'initialize', name: middleware },
    );
    this.stopWatchingGets = () => {
      host.invoke = invoke;
      dynamo.middlewareStack.remove(middleware);
    };
  }

  close() {
    this.stopWatchingGets();
    this.table.destroy();
  }

  /** Writes made while serving a GET since the last call (each a broken invariant), then forgotten. */
  takeWritesOnGet(): string[] {
    return this.writesOnGet.splice(0).map((write) => `no case changes on a GET: ${write}`);
  }

  /**
   * Stops the workflows of lives already judged. At the lives' clock a policy day is a quarter of a
   * second: a case held for a person renews its 14-day wait every 3.5 s, and a case left on its
   * ladder keeps climbing: work for the runtime that nothing judges again. Stopping an execution
   * that ended meanwhile succeeds and changes nothing (as on AWS), so any error here is real.
   */
  async retire(played: Played[]): Promise<void> {
    const running = played.flatMap((one) =>
      (one.final?.snapshot.cases ?? []).filter(
        (_, index) => one.final?.executions[index]?.status === 'RUNNING',
      ),
    );
    await Promise.all(
      running.map((view) =>
        this.runtime.sfn.send(
          new StopExecutionCommand({
            executionArn: this.runtime.executionArn(view.record.executionName),
            error: 'LifeJudged',
            cause:
              'The property lives judged this life; its workflow is stopped to keep the runtime unloaded.',
          }),
        ),
      ),
    );
  }

  /** Plays every life of the batch at once; resolves when each has settled and has been observed. */
  async playBatch(lives: Life[]): Promise<Played[]> {
    const batch = ++this.batches;
    const tag = `${Date.now().toString(36)}${batch}`;
    const start = Date.now();
    const played = lives.map(
      (life, index): Played => ({
        life,
        accountId: `L${tag}-${index}`,
        email: `debtor-${tag}-${life.debtor.index}@lives.example.com`,
        phone: phoneOf(`${tag}-${life.debtor.index}`),
        sent: { invoices: [], payments: [], cancellations: [], sesEvents: [], staff: [], agency: [] },
        portal: [],
        snapshots: [],
      }),
    );
    await Promise.all(
      played.map(async (one) => {
        try {
          await this.live(one, start);
        } catch (error) {
          one.error = `playing: ${(error as Error).stack ?? error}`;
        }
      }),
    );
    // Let the last steps' consequences play out: the queues empty, each workflow comes to rest.
    await sleep(this.daySeconds * 1000);
    await this.runtime.sqs.drained();
    await Promise.all(
      played.map(async (one) => {
        if (one.error) return;
        try {
          one.final = await this.settle(one);
        } catch (error) {
          one.error = `observing: ${(error as Error).stack ?? error}`;
        }
      }),
    );
    return played;
  }

  /** Messages parked in any dead-letter queue (every event the lives send, SES's, and every text, is valid). */
  deadLetters(): string[] {
    return [...BILLING_RULES.map((rule) => rule.id), EMAIL_EVENTS_INTAKE, TEXT_REPLIES].flatMap((id) =>
      this.runtime.sqs
        .messages(`collections-${id}-dead-letters`)
        .map((message) => `${id}: ${JSON.stringify(message).slice(0, 300)}`),
    );
  }

  /** The debtor's contact ledger as stored: the sends the weekly cap counts, and their address's mark. */
  async ledger(email: string) {
    const [ledger, undeliverable] = await Promise.all(
      [keys.contactLedger(email), keys.undeliverable(email)].map((key) =>
        this.table.send(
          new GetCommand({ TableName: this.runtime.endpoints.tableName, Key: key, ConsistentRead: true }),
        ),
      ),
    );
    return {
      sends: (ledger?.Item?.sends ?? []) as { at: string; caseId: string; messageKey: string }[],
      undeliverable: undeliverable?.Item !== undefined,
    };
  }

  private async live(one: Played, start: number) {
    const { life } = one;
    await this.overdue(one, 0);
    await this.caseSeen(one);
    one.snapshots.push(await this.snapshot(one, 0));
    for (const [index, step] of life.steps.entries()) {
      const due = start + step.at * this.daySeconds * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      if (step.kind === 'await-ladder')
        await this.ladderEnds(one, start + step.days * this.daySeconds * 1000);
      else await this.perform(one, step);
      one.snapshots.push(await this.snapshot(one, index + 1));
    }
  }

  private async perform(one: Played, step: Step) {
    const { accountId } = one;
    switch (step.kind) {
      case 'invoice':
        return this.overdue(one, step.invoice);
      case 'pay':
      case 'settle': {
        const record = await this.currentCase(accountId);
        const balance = record && record.status !== 'paid' ? record.balance.amount : 0;
        const amount =
          step.kind === 'settle'
            ? (record?.settlementOffer?.amount.amount ?? Math.max(balance, 1))
            : step.amount === 'full'
              ? Math.max(balance, 1)
              : step.amount === 'partial'
                ? Math.max(Math.floor(balance / 2), 1)
                : 500;
        const paymentId = `${accountId}-P${one.sent.payments.length + 1}`;
        const repeats = step.kind === 'pay' && step.duplicate ? 2 : 1;
        one.sent.payments.push({ paymentId, amount, repeats });
        const detail = {
          accountId,
          paymentId,
          amount: { amount, currency: 'GBP' },
          paidAt: new Date().toISOString(),
        };
        for (let time = 0; time < repeats; time++)
          await this.runtime.putBillingEvent(BillingDetailType.paymentReceived, detail);
        return;
      }
      case 'portal': {
        const caseId = step.stale ? `${accountId}-1` : ((await this.currentCase(accountId))?.caseId ?? '');
        if (!caseId) return;
        const actions = step.alongside ? [step.action, step.alongside] : [step.action];
        // Both forms are opened first, then posted together: two tabs, one moment.
        const forms = await Promise.all(actions.map((action) => this.openForm(caseId, action)));
        await Promise.all(
          forms.map(async (form, index) => {
            const action = actions[index] as PortalAction;
            // The page offers no form (the action is no longer available): a browser could not post.
            if (!form?.csrf) return;
            const status = await this.postForm(form, action, step.choice + index, one);
            one.portal.push({ caseId, action, status });
          }),
        );
        return;
      }
      case 'dispute-resolved':
        return this.runtime.putBillingEvent(NextBillingDetailType.disputeResolved, {
          accountId,
          outcome: step.outcome,
          note: `Reviewed: ${step.outcome}.`,
        });
      case 'legal-pause': {
        const zone = one.life.debtor.timeZone ?? policyFor(one.life.debtor.segment).defaultTimeZone;
        return this.runtime.putBillingEvent(NextBillingDetailType.collectionPaused, {
          accountId,
          reason: 'breathing-space',
          ...(step.days ? { until: addDays(localDate(new Date(), zone), step.days) } : {}),
        });
      }
      case 'legal-resume':
        return this.runtime.putBillingEvent(NextBillingDetailType.collectionResumed, { accountId });
      case 'ses': {
        // The account's latest email, as SES would tell of it (through the default bus, as in AWS).
        const latest = (await this.mailOf(one)).at(-1);
        if (!latest) return;
        one.sent.sesEvents.push({
          outcome: step.outcome,
          messageId: latest.messageId,
          caseId: latest.caseId,
        });
        this.runtime.eventBridge.fromService(
          sesEvent(
            step.outcome,
            {
              messageId: latest.messageId,
              source: LOCAL_SENDER,
              destination: [one.email],
              configurationSet: LOCAL_SES_CONFIGURATION_SET,
              at: new Date(),
            },
            one.email,
            { region: LOCAL_REGION, account: LOCAL_ACCOUNT_ID },
            0,
          ),
        );
        return;
      }
      case 'staff': {
        const record = await this.currentCase(accountId);
        if (!record) return;
        const outcome = await staffAct(record.caseId, step.action, record.balance.amount);
        one.sent.staff.push({ caseId: record.caseId, action: step.action, outcome });
        return;
      }
      case 'agency': {
        // The agency reports on the account's latest placement (a 404 or 409 when none is with it).
        const record = await this.currentCase(accountId);
        const part = Math.max(1, Math.floor((record?.balance.amount ?? 3) / 3));
        const sent = await this.runtime.agency.report({
          accountId,
          kind: step.report.startsWith('collected')
            ? 'collected'
            : step.report === 'returned-then-refer'
              ? 'returned'
              : (step.report as 'disputed' | 'returned' | 'closed'),
          ...(step.report === 'collected-part' ? { amount: { amount: part, currency: 'GBP' } } : {}),
        });
        one.sent.agency.push({
          report: step.report,
          status: sent.status,
          reportId: String(sent.report.reportId),
        });
        if (step.report === 'returned-then-refer' && sent.status === 200) {
          // Agency2: once a person has the returned case, a supervisor refers it again (the same blockers).
          const caseId = String(sent.report.caseId);
          for (let waited = 0; waited < 5000; waited += 100) {
            const held = await this.getCase(caseId);
            const closed = held && ['paid', 'credited', 'written-off'].includes(held.status);
            if (closed || (held?.status === 'held-for-person' && held.taskToken)) break;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          const held = await this.getCase(caseId);
          const outcome = await staffAct(caseId, 'refer', held?.balance.amount ?? 0);
          one.sent.staff.push({ caseId, action: 'refer', outcome });
        }
        return;
      }
      case 'cancel-invoice': {
        const invoiceId = `${accountId}-I${step.invoice}`;
        one.sent.cancellations.push(invoiceId);
        return this.runtime.putBillingEvent(NextBillingDetailType.invoiceCancelled, {
          accountId,
          invoiceId,
          reason: 'raised in error',
        });
      }
      case 'due-soon': {
        // Billing's Invoice Due Soon, its due date some days ahead on the policy clock (issue 16).
        const { life } = one;
        const invoiceId = `${accountId}-I${step.invoice}`;
        const today = this.runtime.clock.toPolicy(new Date()).toISOString().slice(0, 10);
        const dueDate = addDays(today, step.daysAhead);
        one.sent.dueSoon = [...(one.sent.dueSoon ?? []), { invoiceId, dueDate }];
        const detail = {
          accountId,
          invoiceId,
          amountDue: { amount: life.invoices[step.invoice] ?? 1_000, currency: 'GBP' },
          dueDate,
          debtor: {
            name: 'Sam Rivera',
            email: one.email,
            ...(life.debtor.locale ? { locale: life.debtor.locale } : {}),
            ...(life.debtor.timeZone ? { timeZone: life.debtor.timeZone } : {}),
            segment: life.debtor.segment,
          },
          paymentUrl: `https://billing.example.com/pay/${invoiceId}`,
        };
        for (let time = 0; time < (step.repeat ? 2 : 1); time++)
          await this.runtime.putBillingEvent(BillingDetailType.invoiceDueSoon, detail);
        return;
      }
      case 'text-reply': {
        // The debtor texts back from their number (issue 16), through the local phone's two-way channel.
        if (!one.phone) return;
        const at = new Date().toISOString();
        await this.runtime.phone.reply(one.phone, step.body);
        one.sent.replies = [...(one.sent.replies ?? []), { at, body: step.body }];
        return;
      }
    }
  }

  private async overdue(one: Played, invoice: number) {
    const { life, accountId } = one;
    const amount = life.invoices[invoice] ?? 1_000;
    const invoiceId = `${accountId}-I${invoice}`;
    if (one.sent.invoices.some((sent) => sent.invoiceId === invoiceId)) {
      // A repeat of the same invoice event: it must change nothing.
    } else one.sent.invoices.push({ invoiceId, amount });
    await this.runtime.putBillingEvent(BillingDetailType.invoiceOverdue, {
      accountId,
      invoiceId,
      amountDue: { amount, currency: 'GBP' },
      dueDate: new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10),
      debtor: {
        name: 'Sam Rivera',
        email: one.email,
        ...(life.debtor.locale ? { locale: life.debtor.locale } : {}),
        ...(life.debtor.timeZone ? { timeZone: life.debtor.timeZone } : {}),
        segment: life.debtor.segment,
        ...(life.debtor.vulnerable ? { vulnerable: true } : {}),
        // Issue 16: the number always; consent and the channel as the life says.
        ...(life.debtor.texts && one.phone
          ? {
              phone: one.phone,
              ...(life.debtor.texts.consent ? { smsConsent: true } : {}),
              preferredChannel: life.debtor.texts.channel,
            }
          : {}),
      },
      paymentUrl: `https://billing.example.com/pay/${invoiceId}`,
    });
  }

  /**
   * The first invoice's case exists before anything else happens to the account. The intake takes
   * a batch's invoices one after another (as the SQS event source does, ten to a batch), so the last
   * lives of a large batch wait for all the others' invoices: a minute, as the settle deadline.
   * Looked for every 150 ms: every 50 ms, a batch's waiting lives made a fifth of a run's reads.
   */
  private async caseSeen(one: Played) {
    const deadline = Date.now() + 60_000;
    while (!(await this.getCase(`${one.accountId}-1`))) {
      if (Date.now() > deadline) throw new Error(`The case of ${one.accountId} never opened`);
      await sleep(150);
    }
  }

  private async openForm(caseId: string, action: PortalAction) {
    const link = signLink(
      { caseId, action: 'view', expiresAt: linkExpiry(new Date(), 30) },
      this.runtime.linkSecret,
    );
    const account = `${this.runtime.endpoints.portal.replace(/\/$/, '')}/case/${link}`;
    // The account page first, as a debtor (or a link previewer) opens it: a GET changes nothing.
    await (await fetch(account)).arrayBuffer();
    const url = `${account}/${action}`;
    const page = await fetch(url);
    if (page.status !== 200) throw new Error(`GET ${action} answered ${page.status}`);
    const html = await page.text();
    return {
      url,
      csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
      plans: [...html.matchAll(/name="planId"[^>]*value="([^"]+)"/g)].map((match) => match[1] ?? ''),
    };
  }

  private async postForm(
    form: { url: string; csrf: string; plans: string[] },
    action: PortalAction,
    choice: number,
    one: Played,
  ): Promise<number> {
    const zone = one.life.debtor.timeZone ?? policyFor(one.life.debtor.segment).defaultTimeZone;
    const fields: Record<string, string> = {
      promise: { date: addDays(localDate(new Date(), zone), choice % 36) },
      plan: { planId: form.plans[choice % Math.max(form.plans.length, 1)] ?? '3x30d' },
      hardship: {
        reason: ['job-loss', 'illness', 'bereavement', 'other'][choice % 4] ?? 'other',
        affordable: String(10 + (choice % 5) * 15),
      },
      dispute: {
        reason: ['wrong-amount', 'not-received', 'already-paid', 'not-mine', 'other'][choice % 5] ?? 'other',
      },
      callback: {
        phone: '+44 20 7946 0000',
        preferredTime: ['morning', 'afternoon', 'evening'][choice % 3] ?? 'morning',
      },
      'stop-emails': { confirm: 'yes' },
      // Issue 16: a date from tomorrow to past the policy's limit (some are refused), and fewer reminders.
      snooze: { date: addDays(localDate(new Date(), zone), 1 + (choice % 16)) },
      'fewer-reminders': { confirm: 'yes' },
    }[action];
    const response = await fetch(form.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: form.csrf, ...fields }).toString(),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    if (![303, 400, 409].includes(response.status))
      throw new Error(`POST ${action} answered ${response.status}`);
    return response.status;
  }

  /** The case as the adapters read it: the item and its task token's item beside it (issue 15). */
  private async getCase(caseId: string) {
    return (await readCase(this.runtime.endpoints.tableName, caseId, this.table)) as
      | CaseView['record']
      | undefined;
  }

  private async caseCount(accountId: string): Promise<number> {
    const out = await this.table.send(
      new GetCommand({
        TableName: this.runtime.endpoints.tableName,
        Key: keys.account(accountId),
        ConsistentRead: true,
      }),
    );
    return (out.Item?.caseCount as number | undefined) ?? 0;
  }

  /** The account's latest case (open, held, or the last one closed). */
  /**
   * Until the account's case leaves the ladder on its own (referred, with a person, or closed), or
   * `until`: read once a policy day.
   */
  private async ladderEnds(one: Played, until: number) {
    while (Date.now() < until) {
      const record = await this.currentCase(one.accountId);
      if (record && record.status !== 'open') return;
      await sleep(Math.min(this.daySeconds * 1000, Math.max(0, until - Date.now())));
    }
  }

  private async currentCase(accountId: string) {
    const count = await this.caseCount(accountId);
    return count ? this.getCase(`${accountId}-${count}`) : undefined;
  }

  private async timeline(caseId: string): Promise<Entry[]> {
    const { pk, skPrefix } = keys.timelinePrefix(caseId);
    const entries: Entry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await this.table.send(
        new QueryCommand({
          TableName: this.runtime.endpoints.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      entries.push(...((out.Items ?? []) as Entry[]));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return entries;
  }

  /** Each case and its timeline as of one moment: read again until the case's version holds still. */
  async snapshot(one: Played, afterStep: number): Promise<Snapshot> {
    const count = await this.caseCount(one.accountId);
    const cases: CaseView[] = [];
    for (let number = 1; number <= count; number++) {
      const caseId = `${one.accountId}-${number}`;
      for (let attempt = 0; ; attempt++) {
        const before = await this.getCase(caseId);
        if (!before) break;
        const timeline = await this.timeline(caseId);
        const after = await this.getCase(caseId);
        if ((after && after.version === before.version) || attempt >= 20) {
          cases.push({ record: after ?? before, timeline });
          break;
        }
      }
    }
    return { afterStep, cases };
  }

  /**
   * Waits until each of the account's workflows is at rest (ended, in a Wait state, or waiting on the
   * token the case holds, with no reply left undelivered), then reads everything back.
   */
  private async settle(one: Played): Promise<NonNullable<Played['final']>> {
    // Emails go to SES a moment after they are recorded (deliverEmail, from the table's stream): on
    // a busy machine the stream may lag several seconds behind, so a life gets a minute to settle.
    const deadline = Date.now() + Math.max(60_000, this.daySeconds * 20_000);
    let previous = '';
    for (;;) {
      // The mailbox first, then the case: an email is on the timeline before it goes, so what the
      // mailbox holds is already recorded. A message the outbox sends in between is seen next round.
      const mail = await this.mailOf(one);
      const snapshot = await this.snapshot(one, one.life.steps.length);
      const executions = await Promise.all(snapshot.cases.map((view) => this.execution(view.record)));
      const recorded = snapshot.cases
        .flatMap((view) => view.timeline)
        .filter((entry) => entry.type === 'EmailSent');
      const atRest =
        recorded.length === mail.length &&
        snapshot.cases.every((view, index) => restingReason(view, executions[index]) !== undefined);
      // At rest twice in a row, unchanged: not a moment between a reply and the next state.
      // What the agency received (issue 14): delivered over HTTP a moment after the outbox carries it.
      const agency = this.runtime.agency.received().filter((item) => item.accountId === one.accountId);
      const fingerprint = JSON.stringify([
        snapshot.cases.map((view) => [view.record.version, view.timeline.length]),
        executions,
        mail.length,
        agency.length,
      ]);
      if ((atRest && fingerprint === previous) || Date.now() > deadline) {
        return {
          snapshot,
          executions,
          mail,
          agency,
          texts: one.phone ? this.runtime.phone.texts(one.phone) : [],
          ...(await this.notesOf(one)),
        };
      }
      previous = atRest ? fingerprint : '';
      await sleep(300);
    }
  }

  /**
   * The notes before a due date of this account's invoices (issue 16): each note as the table keeps it
   * (waiting, sent with when, or dropped), and the mail that is a note (no case's link; it names the
   * account's invoices, whose ids are the account's own).
   */
  private async notesOf(one: Played) {
    const invoiceIds = [...new Set((one.sent.dueSoon ?? []).map((sent) => sent.invoiceId))];
    if (invoiceIds.length === 0) return {};
    const notes = await Promise.all(
      invoiceIds.map(async (invoiceId) => {
        const { pk, sk } = keys.dueSoonNote(invoiceId, '');
        const out = await this.table.send(
          new GetCommand({
            TableName: this.runtime.endpoints.tableName,
            Key: { pk, sk },
            ConsistentRead: true,
          }),
        );
        return {
          invoiceId,
          ...(typeof out.Item?.status === 'string' ? { status: out.Item.status } : {}),
          ...(typeof out.Item?.sentAt === 'string' ? { sentAt: out.Item.sentAt } : {}),
          ...(typeof out.Item?.droppedBecause === 'string'
            ? { droppedBecause: out.Item.droppedBecause }
            : {}),
        };
      }),
    );
    const mine = new RegExp(`${one.accountId}-I\\d+`, 'g');
    const noteMail = (await this.runtime.emailsTo(one.email))
      .filter((email) => !/\/case\//.test(email.body.text ?? ''))
      .map((email) => ({ at: email.at, invoiceIds: [...new Set((email.body.text ?? '').match(mine) ?? [])] }))
      .filter((email) => email.invoiceIds.length > 0);
    return { notes, noteMail };
  }

  /** The mail to the debtor about this account's cases, each with the case its link names. */
  private async mailOf(one: Played): Promise<NonNullable<Played['final']>['mail']> {
    const emails = await this.runtime.emailsTo(one.email);
    return emails.flatMap((email) => {
      const link = /\/case\/([A-Za-z0-9_.%-]+)/.exec(email.body.text ?? '')?.[1] ?? '';
      const caseId = verifyLink(link, this.runtime.linkSecret, new Date())?.caseId ?? '';
      return caseId.startsWith(`${one.accountId}-`) ? [{ ...email, caseId }] : [];
    });
  }

  private async execution(record: CaseRecord): Promise<ExecutionView> {
    const arn = this.runtime.executionArn(record.executionName);
    let history: Awaited<ReturnType<TestRuntime['history']>>;
    try {
      history = await this.runtime.history(arn);
    } catch {
      return { caseId: record.caseId, status: 'NOT_STARTED' };
    }
    const last = history.at(-1);
    const status =
      last?.type?.startsWith('Execution') && last.type !== 'ExecutionStarted' ? last.type : 'RUNNING';
    const view: ExecutionView = { caseId: record.caseId, status };
    if (status !== 'RUNNING') return view;
    const open = new Map<string, string>();
    for (const event of history) {
      if (event.type?.endsWith('StateEntered'))
        open.set(event.stateEnteredEventDetails?.name ?? '', event.type.replace('StateEntered', ''));
      if (event.type?.endsWith('StateExited')) open.delete(event.stateExitedEventDetails?.name ?? '');
    }
    const [currentState, currentStateType] = [...open.entries()].at(-1) ?? [];
    view.currentState = currentState;
    view.currentStateType = currentStateType;
    if (record.taskToken) {
      try {
        await this.runtime.sfn.send(new SendTaskHeartbeatCommand({ taskToken: record.taskToken }));
        view.tokenOpen = true;
      } catch {
        view.tokenOpen = false;
      }
    }
    return view;
  }
}

/** The states that wait on a token the case must hold. */
export const TOKEN_STATES = [
  'Send friendly reminder and wait for reply',
  'Send firm reminder and wait for reply',
  'Send final notice and wait for reply',
  // The plan offer is a rung of its own (issue 11): it waits on its token like the reminders.
  'Offer a payment plan and wait for reply',
  'Pause collection and wait',
  // A case handed to a person waits for them (issue 12), holding the token for a staff action.
  'Wait for a person to act',
  // A placed case waits for its agency's report (issue 14).
  'Wait while the agency works the case',
];
/** The state a placed case waits in (issue 14). */
export const AGENCY_STATE = 'Wait while the agency works the case';
/** The state a case handed to a person waits in (issue 12). */
export const PERSON_STATE = 'Wait for a person to act';
export const TERMINAL_ENTRY_TYPES = [
  'CaseResolved',
  'CasePlacedWithAgency',
  'HeldForPerson',
  'HandedToPerson',
];

/**
 * Why a case is at rest, or undefined when it is not (yet): it ended in one terminal entry, or it
 * waits on a timer, or on the token it holds for a stated reason, with nothing left to deliver.
 */
export function restingReason(view: CaseView, execution: ExecutionView | undefined): string | undefined {
  const { record } = view;
  if (!execution) return undefined;
  if (execution.status === 'ExecutionSucceeded') {
    const terminal = view.timeline.filter((entry) => TERMINAL_ENTRY_TYPES.includes(entry.type));
    if (terminal.length === 1) return `ended: ${terminal[0]?.type}`;
    // Handed to a person (once or more, a person taking it up between: issue 12), then closed.
    const closing = terminal.at(-1);
    // Or placed with the agency first (issue 14): a payment in full, a report, a credit closes it.
    return terminal
      .slice(0, -1)
      .every((entry) => entry.type === 'HandedToPerson' || entry.type === 'CasePlacedWithAgency') &&
      (closing?.type === 'CaseResolved' || closing?.type === 'CasePlacedWithAgency')
      ? `ended: ${closing.type} after a hand-over`
      : undefined;
  }
  if (execution.status !== 'RUNNING') return undefined;
  if (execution.currentState === PERSON_STATE) {
    // Handed to a person (issue 12): held, with the token for the person's action, nothing left to deliver.
    const handed = view.timeline.filter((entry) => TERMINAL_ENTRY_TYPES.includes(entry.type));
    // A reply that does not close the case (a legal pause, billing's resume) waits on it for the person.
    const closing = record.pendingReply?.outcome === 'paid' || record.pendingReply?.outcome === 'credited';
    if (record.status !== 'held-for-person' || !execution.tokenOpen || closing) return undefined;
    if (!record.waitingState?.startsWith(PERSON_STATE) || handed.length === 0) return undefined;
    return `waits for a person in "${record.waitingState}"`;
  }
  if (execution.currentState === AGENCY_STATE) {
    // Placed (issue 14): the agency works it, the token kept for its report or a recall.
    if (record.status !== 'placed' || record.agency?.endedAt || !execution.tokenOpen) return undefined;
    if (!record.waitingState?.startsWith(AGENCY_STATE) || record.pendingReply) return undefined;
    return `waits for the agency in "${record.waitingState}"`;
  }
  if (record.status !== 'open') return undefined;
  if (execution.currentStateType === 'Wait') {
    // A reply that closes the case (a payment in full, a write-off) recorded while the workflow waits
    // on a timer is taken by the state after the wait, which closes the case: not at rest until then
    // (the run at 5285f7b judged a write-off in "Wait until we may write" and found the case open).
    const closing = record.pendingReply?.outcome === 'paid' || record.pendingReply?.outcome === 'credited';
    return closing ? undefined : `waits on a timer in "${execution.currentState}"`;
  }
  if (!TOKEN_STATES.includes(execution.currentState ?? '')) return undefined;
  if (!execution.tokenOpen || !record.waitingState?.startsWith(execution.currentState ?? ''))
    return undefined;
  if (record.pendingReply) return undefined;
  if (execution.currentState === 'Pause collection and wait' && !record.pause) return undefined;
  return `waits in "${record.waitingState}"`;
}

export { stateTransitions };

/** The staff who act in the lives: an agent and a supervisor (issue 12). */
const AGENT = { subject: 'life-agent', email: 'agent@collections.example', role: 'agent' as const };
const SUPERVISOR = {
  subject: 'life-supervisor',
  email: 'supervisor@collections.example',
  role: 'supervisor' as const,
};

/**
 * A staff action on a case through its use case, in this process, on the adapters the local runtime
 * pointed at its services (the console's handler does the same after its role and form checks).
 */
/**
 * A promise or a plan agreed on the phone (issue 12), as the staffCommitments function records it: the
 * portal's own use case (the same rules, reply, outbox and send gate), with the agent on its entry.
 * The promise is for a few days ahead; the plan is the first one on offer.
 */
async function phoneCommitment(caseId: string, action: 'phone-promise' | 'phone-plan'): Promise<string> {
  const [{ takeDebtorAction }, { dynamoCases }, { dynamoReplies }, { dynamoOutbox }, { sfnWorkflow }, plans] =
    await Promise.all([
      import('../../functions/use-cases/debtor-action.ts'),
      import('../../functions/adapters/dynamodb/cases.ts'),
      import('../../functions/adapters/dynamodb/replies.ts'),
      import('../../functions/adapters/dynamodb/outbox.ts'),
      import('../../functions/adapters/sfn/workflow.ts'),
      import('../../functions/domain/plan-journey.ts'),
    ]);
  const table = process.env.TABLE_NAME ?? 'collections';
  const store = { ...dynamoCases(table), ...dynamoReplies(table), ...dynamoOutbox(table) };
  const record = await store.getCase(caseId);
  if (!record) return 'no-case';
  const now = new Date();
  const fields: Record<string, string> =
    action === 'phone-promise'
      ? { date: addDays(localDate(now, record.debtor.timeZone), 3) }
      : { planId: plans.plansOnOffer(record, policyFor(record.debtor.segment), now)[0]?.id ?? '' };
  const result = await takeDebtorAction(
    record,
    action === 'phone-promise' ? 'promise' : 'plan',
    fields,
    now,
    { store, workflow: sfnWorkflow() },
    {
      daySeconds: Number(process.env.DAY_SECONDS ?? 86_400),
      ackDetails: (after) => ({
        ...(after.pause?.promisedDate ? { promiseDate: after.pause.promisedDate } : {}),
        ...(after.pause ? { pauseUntil: after.pause.until } : {}),
        ...(after.plan
          ? { plan: { instalments: after.plan.offer.instalments, total: after.plan.offer.total } }
          : {}),
      }),
      recordedBy: { by: AGENT.email, role: AGENT.role, channel: 'phone' },
    },
  );
  return result === 'unavailable' ? 'not-applicable' : result.ok ? 'done' : 'refused';
}

/**
 * An agent answers the debtor by text (issue 16), as the staffTexts function does: the use case and
 * the one send gate for texts, over the table the handlers use.
 */
async function textReply(caseId: string): Promise<string> {
  const [{ replyByText }, { gateText }, { dynamoCases }, { dynamoContactRecords }, { DEMO_CREDITOR }] =
    await Promise.all([
      import('../../functions/use-cases/reply-by-text.ts'),
      import('../../functions/shared/case-mail.ts'),
      import('../../functions/adapters/dynamodb/cases.ts'),
      import('../../functions/adapters/dynamodb/contact-records.ts'),
      import('../../lib/stack-config.ts'),
    ]);
  const table = process.env.TABLE_NAME ?? 'collections';
  const cases = dynamoCases(table);
  const config = {
    DAY_SECONDS: Number(process.env.DAY_SECONDS ?? 86_400),
    CLOCK_ORIGIN: process.env.CLOCK_ORIGIN ?? new Date(0).toISOString(),
    CLOCK_ORIGIN_POLICY: process.env.CLOCK_ORIGIN_POLICY ?? new Date(0).toISOString(),
    CREDITOR: DEMO_CREDITOR,
  };
  const result = await replyByText(caseId, 'Thank you for your message: we will look at it today.', AGENT, {
    store: cases,
    texts: gateText({ ...cases, ...dynamoContactRecords(table) }, config),
    creditorName: DEMO_CREDITOR.name,
  });
  return result.outcome === 'sent' ? 'done' : result.outcome;
}

async function staffAct(caseId: string, action: StaffStep, balance: number): Promise<string> {
  if (action === 'phone-promise' || action === 'phone-plan') return phoneCommitment(caseId, action);
  if (action === 'text-reply') return textReply(caseId);
  const [{ takeStaffAction }, { dynamoCases }, { dynamoReplies }, { dynamoContactRecords }, { sfnWorkflow }] =
    await Promise.all([
      import('../../functions/use-cases/staff-action.ts'),
      import('../../functions/adapters/dynamodb/cases.ts'),
      import('../../functions/adapters/dynamodb/replies.ts'),
      import('../../functions/adapters/dynamodb/contact-records.ts'),
      import('../../functions/adapters/sfn/workflow.ts'),
    ]);
  const table = process.env.TABLE_NAME ?? 'collections';
  const ports = {
    store: { ...dynamoCases(table), ...dynamoReplies(table) },
    workflow: sfnWorkflow(),
    contacts: dynamoContactRecords(table),
    daySeconds: Number(process.env.DAY_SECONDS ?? 86_400),
  };
  const input = (() => {
    switch (action) {
      case 'note':
        return { action: 'note' as const, note: 'Spoke to the team about this account' };
      case 'call-reached':
      case 'call-missed':
        return {
          action: 'log-call' as const,
          reached: action === 'call-reached',
          outcome: 'no-agreement' as const,
        };
      case 'resume':
        return { action: 'resume' as const };
      case 'write-off':
        return { action: 'write-off' as const };
      case 'refer':
        return { action: 'refer' as const };
      case 'recall':
        return { action: 'recall' as const };
      case 'message-handled':
        return { action: 'message-handled' as const, note: 'Answered on the phone.' };
      case 'dispute-upheld':
        return { action: 'resolve-dispute' as const, outcome: 'upheld' as const, note: 'Upheld by staff.' };
      case 'dispute-rejected':
        return {
          action: 'resolve-dispute' as const,
          outcome: 'rejected' as const,
          note: 'Rejected by staff.',
        };
      case 'dispute-part':
        return {
          action: 'resolve-dispute' as const,
          outcome: 'upheld-in-part' as const,
          credit: { amount: Math.max(1, Math.floor(balance / 3)), currency: 'GBP' },
        };
    }
  })();
  const by = action === 'write-off' || action === 'refer' || action === 'recall' ? SUPERVISOR : AGENT;
  return (await takeStaffAction(caseId, input, by, ports)).outcome;
}

/** A mobile number per debtor of a batch (issue 16): +1 555 and seven digits from the debtor's tag. */
function phoneOf(tag: string): string {
  let hash = 0;
  for (const char of tag) hash = (hash * 31 + char.charCodeAt(0)) % 10_000_000;
  return `+1555${String(hash).padStart(7, '0')}`;
}
