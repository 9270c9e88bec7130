import { afterAll, describe, expect, it } from 'vitest';
import { BillingDetailType } from '../../functions/contract/events.ts';
import { eventually as eventuallyWithin, overdueInvoice, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

/**
 * Texts from the debtor in the staff's workspace (issues 12 and 16), on the real local runtime: a
 * text that is not a keyword waits in the debtor-messages queue; an agent replies by text through the
 * one send gate (deliverText sends it to the phone) and marks the texts handled (the case leaves the
 * queue, the timeline says who). A reply over the weekly cap is refused on the page and writes nothing.
 * A policy day lasts 600 s, from 09:00 on a Tuesday in London: the whole file runs in one morning.
 */
const DAY_SECONDS = 600;
const runtime = useTestRuntime(DAY_SECONDS, { clockStart: '2026-06-02T08:00:00Z' });
let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const items = () => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader;
};
const timeline = (caseId: string) => items().timeline(caseId);
const eventually = <T>(what: string, check: () => Promise<T | undefined | false>) =>
  eventuallyWithin(what, check, 30_000);

type Text = { to: string; body: string; at: string };
const textsTo = async (phone: string): Promise<Text[]> =>
  ((await (await fetch(`${runtime().endpoints.phone}/messages`)).json()) as Text[]).filter(
    (text) => text.to === phone,
  );
const reply = async (from: string, body: string) => {
  const response = await fetch(`${runtime().endpoints.phone}/reply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  expect(response.status).toBe(200);
};

/** A browser's cookie jar for the console's host. */
class Session {
  readonly jar = new Map<string, string>();
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, new URL(runtime().endpoints.staffConsole).origin), {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (attributes.some((attribute) => /max-age=0/i.test(attribute.trim())))
        this.jar.delete(pair.slice(0, at));
      else this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  async csrfOf(path: string): Promise<string> {
    return /name="csrf" value="([^"]+)"/.exec(await (await this.fetch(path)).text())?.[1] ?? '';
  }
}

async function signedIn(role: 'agent' | 'viewer'): Promise<Session> {
  const session = new Session();
  const csrf = await session.csrfOf('/staff/sign-in');
  const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === role);
  const response = await session.post('/staff/sign-in', {
    csrf,
    email: user?.email ?? '',
    password: user?.password ?? '',
  });
  expect(response.status).toBe(303);
  return session;
}

describe('texts from the debtor, in the workspace', () => {
  it('an agent replies by text through the one gate and marks the texts handled; over the cap, refused', async () => {
    const phone = '+447700900301';
    const email = 'texts-staff@example.com';
    const accountId = 'ACC-TXT-STAFF';
    const caseId = `${accountId}-1`;
    const invoice = overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email });
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...invoice,
      debtor: { ...invoice.debtor, phone, smsConsent: true, preferredChannel: 'sms' },
    });
    // The confirmation, then the friendly reminder by text: one contact of the week's three.
    await eventually('the reminder by text', async () => (await textsTo(phone)).length >= 2);
    await reply(phone, 'Can I pay on <Friday>?');
    await eventually('the text in the queue', async () =>
      (await items().caseItems(caseId, 'QUEUE#debtor-messages')).length === 1 ? true : undefined,
    );

    const agent = await signedIn('agent');
    const casePath = `/staff/cases/${caseId}`;
    const page = await (await agent.fetch(casePath)).text();
    expect(page).toContain('Can I pay on &lt;Friday&gt;?');
    expect(page).toContain(`action="${casePath}/message-handled"`);
    expect(page).toContain(`action="${casePath}/text-reply"`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

    // A viewer's form changes nothing; a form without the session's token neither.
    const viewer = await signedIn('viewer');
    expect(
      (await viewer.post(`${casePath}/text-reply`, { csrf: await viewer.csrfOf(casePath), message: 'Hi' }))
        .status,
    ).toBe(403);
    expect((await agent.post(`${casePath}/text-reply`, { csrf: 'forged', message: 'Hi' })).status).toBe(403);

    // The reply: through the gate, sent by deliverText, on the timeline with who wrote it.
    const sent = await agent.post(`${casePath}/text-reply`, { csrf, message: 'Yes, Friday is fine.' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${casePath}?done=1`);
    const text = await eventually('the reply on the phone', async () =>
      (await textsTo(phone)).find((candidate) => candidate.body.includes('Friday is fine')),
    );
    expect(text.body).toMatch(/^Example .*: Yes, Friday is fine\. Reply STOP to opt out\.$/);
    const entry = (await timeline(caseId)).find(
      (candidate) => candidate.type === 'TextSent' && candidate.data?.kind === 'staff-reply',
    );
    expect(entry?.data).toMatchObject({ purpose: 'acknowledgement', role: 'agent', segments: 1 });

    // Marked handled: out of the queue, who and when on the timeline; a second time changes nothing.
    const handled = await agent.post(`${casePath}/message-handled`, { csrf, note: 'Agreed Friday' });
    expect(handled.status).toBe(303);
    expect(await items().caseItems(caseId, 'QUEUE#debtor-messages')).toEqual([]);
    expect((await timeline(caseId)).filter((row) => row.type === 'DebtorMessageHandled')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ role: 'agent', messages: 1 }) }),
    ]);
    expect((await agent.post(`${casePath}/message-handled`, { csrf })).status).toBe(409);

    // The week's third contact goes; a fourth is over the cap: refused beside the field, nothing written.
    expect((await agent.post(`${casePath}/text-reply`, { csrf, message: 'See you Friday.' })).status).toBe(
      303,
    );
    const before = (await timeline(caseId)).length;
    const refused = await agent.post(`${casePath}/text-reply`, { csrf, message: 'One more thing' });
    expect(refused.status).toBe(409);
    const refusedPage = await refused.text();
    expect(refusedPage).toMatch(
      /<p class="error" id="reply-message-error">The contact rules do not allow a text now; it could go from/,
    );
    expect(refusedPage).toContain('>One more thing</textarea>');
    expect((await timeline(caseId)).length).toBe(before);
  });
});
