import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import type { CaseChange } from '../../functions/domain/case-updates.ts';
import { messagesHandled, type StaffMember, unhandledMessages } from '../../functions/domain/staff.ts';
import { historyText } from '../../functions/portal/history.ts';
import { gateText } from '../../functions/shared/case-mail.ts';
import type { StaffView } from '../../functions/staff/layout.ts';
import { casePage } from '../../functions/staff/pages.ts';
import { replyByText } from '../../functions/use-cases/reply-by-text.ts';
import { takeStaffAction } from '../../functions/use-cases/staff-action.ts';
import { inMemoryCases, inMemoryContactRecords, recordingWorkflow } from '../support/in-memory-ports.ts';

/**
 * Texts from the debtor get a staff action (issue 16 with issue 12's workspace): marked handled, the
 * case leaves the debtor-messages queue with who and when on the timeline; a reply by text passes
 * the one send gate (consent, the window, the shared weekly cap), and a refused one writes nothing.
 */

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const agent: StaffMember = { subject: 'a-1', email: 'agent@example.com', role: 'agent' };
const viewer: StaffMember = { subject: 'v-1', email: 'viewer@example.com', role: 'viewer' };
const creditor = {
  name: 'Acme accounts team',
  email: 'accounts@acme.example',
  phone: '+44 20 7946 0000',
  supportHours: 'Monday to Friday, 9am to 5pm',
};
const gateConfig = {
  DAY_SECONDS: 86_400,
  CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
  CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
  CREDITOR: creditor,
};

const texting: CaseRecord = {
  caseId: 'ACC-7-1',
  accountId: 'ACC-7',
  caseNumber: 1,
  status: 'open',
  rung: 'friendly',
  balance: gbp(12_000),
  invoices: [{ invoiceId: 'INV-7', amountDue: gbp(12_000), dueDate: '2026-11-01' }],
  debtor: {
    name: 'Sam Lee',
    email: 'sam@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
    phone: '+447700900123',
    smsConsent: true,
  },
  openedAt: '2026-11-05T10:00:00.000Z',
  executionName: 'ACC-7-case-1',
  version: 3,
};

const received = (at: string, body: string, id = at) => ({
  type: 'TextReceived',
  at,
  entryId: `text-in-${id}`,
  data: { body },
});

describe('the debtor’s texts waiting for a person', () => {
  it('are the texts received since the last time a person marked them handled', () => {
    const first = received('2026-11-20T09:00:00.000Z', 'Can I pay Friday?');
    const second = received('2026-11-20T09:05:00.000Z', 'It is Sam');
    const handled = { type: 'DebtorMessageHandled', at: '2026-11-20T10:00:00.000Z', data: {} };
    const third = received('2026-11-21T09:00:00.000Z', 'Thanks');
    expect(unhandledMessages([second, first])).toEqual([first, second]);
    expect(unhandledMessages([first, second, handled])).toEqual([]);
    expect(unhandledMessages([first, handled, third, second])).toEqual([third]);
    expect(unhandledMessages([{ type: 'TextSent', at: '2026-11-20T09:00:00.000Z' }])).toEqual([]);
  });

  it('marked handled, the case leaves the debtor-messages queue, saying who; nothing waiting, nothing changes', () => {
    const first = received('2026-11-20T09:00:00.000Z', 'Can I pay Friday?');
    const change = messagesHandled([first], { by: agent, note: 'Called back', handledId: 'h-1' });
    expect(change).toEqual({
      queues: { leave: ['debtor-messages'] },
      timeline: {
        type: 'DebtorMessageHandled',
        entryId: 'message-handled-h-1',
        data: { messages: 1, note: 'Called back', by: agent.email, role: 'agent' },
      },
    });
    const handled = { type: 'DebtorMessageHandled', at: '2026-11-20T10:00:00.000Z' };
    expect(messagesHandled([first, handled], { by: agent, handledId: 'h-2' })).toBeUndefined();
    expect(messagesHandled([], { by: agent, handledId: 'h-3' })).toBeUndefined();
  });
});

describe('takeStaffAction: message-handled', () => {
  it('records who marked the texts handled and takes the case out of the queue, once', async () => {
    const cases = inMemoryCases();
    cases.put(texting);
    cases.timeline.push({ ...received('2026-11-20T09:00:00.000Z', 'Can I pay Friday?'), caseId: 'ACC-7-1' });
    const changes: CaseChange[] = [];
    const recordAction = cases.store.recordAction;
    const store = {
      ...cases.store,
      recordAction: (record: CaseRecord, change: CaseChange, entry: Parameters<typeof recordAction>[2]) => {
        changes.push(change);
        return recordAction(record, change, entry);
      },
    };
    const ports = {
      store,
      workflow: recordingWorkflow().workflow,
      contacts: inMemoryContactRecords(cases).records,
      daySeconds: 86_400,
    };
    const at = new Date('2026-11-20T11:00:00.000Z');
    expect(
      await takeStaffAction('ACC-7-1', { action: 'message-handled' }, viewer, ports, () => at),
    ).toStrictEqual({ outcome: 'forbidden' });
    const done = await takeStaffAction('ACC-7-1', { action: 'message-handled' }, agent, ports, () => at);
    expect(done.outcome).toBe('done');
    expect(changes).toEqual([expect.objectContaining({ queues: { leave: ['debtor-messages'] } })]);
    expect(cases.timeline.at(-1)).toMatchObject({
      type: 'DebtorMessageHandled',
      at: at.toISOString(),
      data: { by: agent.email, role: 'agent', messages: 1 },
    });
    // The debtor's History does not show a person's bookkeeping.
    expect(historyText(cases.timeline.at(-1) as never, 'en-GB')).toBeUndefined();
    const again = await takeStaffAction(
      'ACC-7-1',
      { action: 'message-handled' },
      agent,
      ports,
      () => new Date('2026-11-20T11:01:00.000Z'),
    );
    expect(again.outcome).toBe('not-applicable');
    expect(cases.timeline.filter((entry) => entry.type === 'DebtorMessageHandled')).toHaveLength(1);
  });
});

describe('replyByText: a person’s words through the one send gate', () => {
  beforeEach(() => {
    // The gate judges at the real moment (never before `now`): 10:00 in London, inside the window.
    vi.useFakeTimers({ now: new Date('2026-11-20T10:00:00.000Z'), toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function over(record: CaseRecord) {
    const cases = inMemoryCases();
    cases.put(record);
    const contacts = inMemoryContactRecords(cases);
    const ports = {
      store: cases.store,
      texts: gateText({ ...cases.store, ...contacts.records }, gateConfig),
      creditorName: creditor.name,
    };
    return { cases, contacts, ports };
  }
  const textMarkers = (contacts: ReturnType<typeof inMemoryContactRecords>) =>
    [...contacts.markers.values()].filter((marker) => typeof marker.body === 'string');

  it('records the text for deliverText, with who is writing and how to opt out, as one contact', async () => {
    const { cases, contacts, ports } = over(texting);
    const result = await replyByText('ACC-7-1', '  Yes, Friday is fine.\nThanks ', agent, ports);
    expect(result.outcome).toBe('sent');
    const [marker, ...others] = textMarkers(contacts);
    expect(others).toEqual([]);
    expect(marker).toMatchObject({
      status: 'pending',
      to: '+447700900123',
      body: 'Acme accounts team: Yes, Friday is fine. Thanks Reply STOP to opt out.',
      segments: 1,
      encoding: 'GSM-7',
    });
    expect(String(marker?.messageKey)).toMatch(/^staff-text-.+\.text$/);
    // The case's first text: the confirmation goes first (deliverText sends it), once.
    expect(typeof marker?.welcome).toBe('string');
    expect((await cases.store.getCase('ACC-7-1'))?.smsWelcomedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(cases.timeline).toEqual([
      expect.objectContaining({
        type: 'TextSent',
        data: expect.objectContaining({
          kind: 'staff-reply',
          purpose: 'acknowledgement',
          by: agent.email,
          role: 'agent',
          segments: 1,
        }),
      }),
    ]);
    const ledger = await contacts.records.contactLedger('sam@example.com');
    expect(ledger.sends).toEqual([
      { at: '2026-11-20T10:00:00.000Z', caseId: 'ACC-7-1', messageKey: marker?.messageKey },
    ]);
    // In the debtor's History, a text we sent.
    expect(historyText(cases.timeline[0] as never, 'en-GB')).toBe('We sent you a text, 1 part.');
  });

  it('sends no confirmation again once the case had its first text', async () => {
    const { contacts, ports } = over({ ...texting, smsWelcomedAt: '2026-11-10T10:00:00.000Z' });
    expect((await replyByText('ACC-7-1', 'Noted.', agent, ports)).outcome).toBe('sent');
    expect(textMarkers(contacts)[0]?.welcome).toBeUndefined();
  });

  it.each([
    ['no consent given', { ...texting, debtor: { ...texting.debtor, smsConsent: false } }],
    ['no phone', { ...texting, debtor: { ...texting.debtor, phone: undefined } }],
    ['a STOP since', { ...texting, smsOptedOutAt: '2026-11-19T10:00:00.000Z' }],
  ] as const)('refuses with %s and writes nothing', async (_why, record) => {
    const { cases, contacts, ports } = over(record as CaseRecord);
    const result = await replyByText('ACC-7-1', 'Hello', agent, ports);
    expect(result.outcome).toBe('no-consent');
    expect(cases.timeline).toEqual([]);
    expect(contacts.markers.size).toBe(0);
    expect((await contacts.records.contactLedger('sam@example.com')).sends).toEqual([]);
  });

  it('refuses outside the contact window in the debtor’s zone, saying when it could go, and writes nothing', async () => {
    vi.setSystemTime(new Date('2026-11-20T22:30:00.000Z'));
    const { cases, contacts, ports } = over(texting);
    const result = await replyByText('ACC-7-1', 'Hello', agent, ports);
    expect(result).toMatchObject({ outcome: 'refused', until: new Date('2026-11-21T08:00:00.000Z') });
    expect(cases.timeline).toEqual([]);
    expect(contacts.markers.size).toBe(0);
    expect((await cases.store.getCase('ACC-7-1'))?.version).toBe(3);
  });

  it('refuses under the weekly cap every email and text share, and writes nothing', async () => {
    const { cases, contacts, ports } = over(texting);
    const sends = ['2026-11-16T10:00:00.000Z', '2026-11-17T10:00:00.000Z', '2026-11-18T10:00:00.000Z'].map(
      (at, i) => ({ at, caseId: 'ACC-7-1', messageKey: `m-${i}` }),
    );
    contacts.ledgers.set('sam@example.com', { sends, version: 1 });
    const result = await replyByText('ACC-7-1', 'Hello', agent, ports);
    expect(result).toMatchObject({ outcome: 'refused', until: new Date('2026-11-23T10:00:00.000Z') });
    expect(cases.timeline).toEqual([]);
    expect((await contacts.records.contactLedger('sam@example.com')).sends).toEqual(sends);
  });

  it('refuses a reply longer than a text may be, and a viewer, writing nothing', async () => {
    const { cases, contacts, ports } = over(texting);
    expect(await replyByText('ACC-7-1', '✓'.repeat(600), agent, ports)).toMatchObject({
      outcome: 'too-long',
      maxSegments: 6,
    });
    expect(await replyByText('ACC-7-1', 'Hello', viewer, ports)).toStrictEqual({ outcome: 'forbidden' });
    expect(await replyByText('ACC-7-1', '   ', agent, ports)).toMatchObject({ outcome: 'empty' });
    expect(await replyByText('ACC-0-1', 'Hello', agent, ports)).toStrictEqual({ outcome: 'no-case' });
    expect(cases.timeline).toEqual([]);
    expect(contacts.markers.size).toBe(0);
  });
});

describe('the case page’s texts from the debtor', () => {
  const view = (member: StaffMember, language: 'en' | 'es' = 'en'): StaffView => ({
    language,
    member,
    csrf: 'csrf-token',
    currentPath: '/staff/cases/ACC-7-1',
  });
  const timeline = [received('2026-11-20T09:00:00.000Z', 'Can I pay <b>Friday</b>?')];

  it('shows the texts waiting, escaped, with the forms to mark them handled and to reply', () => {
    const page = casePage(view(agent), { record: texting, timeline, documents: [] });
    expect(page).toContain('<h2>Texts from the debtor</h2>');
    expect(page).toContain('Can I pay &lt;b&gt;Friday&lt;/b&gt;?');
    expect(page).toContain('action="/staff/cases/ACC-7-1/message-handled"');
    expect(page).toContain('action="/staff/cases/ACC-7-1/text-reply"');
    expect(page).toContain('name="message"');
    expect(page.match(/name="csrf" value="csrf-token"/g)?.length).toBeGreaterThan(2);
  });

  it('shows a viewer the texts without a form, and says when the debtor has not agreed to texts', () => {
    const read = casePage(view(viewer), { record: texting, timeline, documents: [] });
    expect(read).toContain('Can I pay');
    expect(read).not.toContain('/message-handled"');
    expect(read).not.toContain('/text-reply"');
    const stopped = casePage(view(agent, 'es'), {
      record: { ...texting, smsOptedOutAt: '2026-11-19T10:00:00.000Z' },
      timeline,
      documents: [],
    });
    expect(stopped).not.toContain('/text-reply"');
    expect(stopped).toContain('no aceptó mensajes de texto');
  });

  it('puts a refused reply’s problem beside the field, with the words kept and the summary linking to it', () => {
    const page = casePage(view(agent), {
      record: texting,
      timeline,
      documents: [],
      form: {
        action: 'text-reply',
        values: { message: 'Call me <now>' },
        errors: { message: 'The contact rules do not allow a text now.' },
      },
    });
    expect(page).toContain('href="#reply-message"');
    expect(page).toContain('<p class="error" id="reply-message-error">');
    expect(page).toMatch(
      /id="reply-message"[^>]*aria-describedby="reply-message-hint reply-message-error"[^>]*aria-invalid="true"/,
    );
    expect(page).toContain('>Call me &lt;now&gt;</textarea>');
  });

  it('shows no section for a debtor who never texted us', () => {
    expect(casePage(view(agent), { record: texting, timeline: [], documents: [] })).not.toContain(
      'Texts from the debtor',
    );
  });

  it('says, before the friendly reminder, that the console shows the workflow only from then (issue 15)', () => {
    const executionUrl = 'https://console.aws.amazon.com/states/home#/v2/executions/details/x';
    const { rung: _rung, ...beforeReminder } = texting;
    const waiting = casePage(view(agent), {
      record: beforeReminder,
      timeline: [],
      documents: [],
      executionUrl,
    });
    expect(waiting).toContain('Its workflow starts when the friendly reminder is due');
    const spanish = casePage(view(agent, 'es'), {
      record: beforeReminder,
      timeline: [],
      documents: [],
      executionUrl,
    });
    expect(spanish).toContain('Su flujo empieza cuando toca el recordatorio amistoso');
    // Once the reminder's state holds the case, and for a closed case, the link alone.
    for (const record of [texting, { ...beforeReminder, status: 'paid' } as CaseRecord]) {
      const page = casePage(view(agent), { record, timeline: [], documents: [], executionUrl });
      expect(page).toContain('Open the workflow execution in the Step Functions console');
      expect(page).not.toContain('Its workflow starts when');
    }
  });
});
