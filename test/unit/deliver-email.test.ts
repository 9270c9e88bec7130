import { describe, expect, it } from 'vitest';
import type { MessageState, PendingMessage } from '../../functions/ports/case-store.ts';
import { deliverEmail, deliverPendingEmails } from '../../functions/use-cases/deliver-email.ts';

const message = (messageKey: string, recordedAt = new Date().toISOString()): PendingMessage => ({
  caseId: 'ACC-1-1',
  messageKey,
  to: 'ana@example.com',
  email: { subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' },
  recordedAt,
});

/** The markers and claims as the table keeps them, and an SES that records (or refuses) each send. */
function ports({ down = false }: { down?: boolean } = {}) {
  const states = new Map<string, MessageState>();
  const claims = new Map<string, number>();
  const recorded: PendingMessage[] = [];
  const sent: { to: string; subject: string }[] = [];
  const record = (pending: PendingMessage) => {
    states.set(pending.messageKey, 'pending');
    recorded.push(pending);
  };
  return {
    record,
    states,
    claims,
    sent,
    ports: {
      store: {
        async messageState(_caseId: string, key: string) {
          return states.get(key);
        },
        async markMessageSent(_caseId: string, key: string) {
          states.set(key, 'sent');
          claims.delete(key);
        },
        async pendingMessages(recordedBy: Date) {
          return recorded.filter(
            (m) => states.get(m.messageKey) === 'pending' && Date.parse(m.recordedAt) <= recordedBy.getTime(),
          );
        },
        async claimDelivery(_caseId: string, key: string, now: Date, until: Date) {
          if (states.get(key) !== 'pending') return false;
          if ((claims.get(key) ?? 0) > now.getTime()) return false;
          claims.set(key, until.getTime());
          return true;
        },
        async releaseDelivery(_caseId: string, key: string) {
          if (states.get(key) === 'pending') claims.delete(key);
        },
      },
      mailer: {
        async send(to: string, email: { subject: string }) {
          if (down) throw new Error('SES is unavailable');
          sent.push({ to, subject: email.subject });
          return `ses-${sent.length}`;
        },
      },
    },
  };
}

describe('deliverEmail: the one function that talks to SES', () => {
  it('sends a recorded message once, however often the stream brings it', async () => {
    const p = ports();
    p.record(message('friendly-0'));
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverEmail(message('friendly-0'), p.ports)));
    expect(outcomes.sort()).toEqual(['already-sent', 'already-sent', 'sent']);
    expect(p.sent).toEqual([{ to: 'ana@example.com', subject: 'Hello' }]);
    expect(p.states.get('friendly-0')).toBe('sent');
  });

  it('gives the claim back when SES fails, so the next attempt sends it at once', async () => {
    const failing = ports({ down: true });
    failing.record(message('ack-1'));
    await expect(deliverEmail(message('ack-1'), failing.ports)).rejects.toThrow('SES is unavailable');
    expect(failing.states.get('ack-1')).toBe('pending');
    expect(failing.claims.has('ack-1')).toBe(false);
  });

  it('leaves a message another attempt holds when told not to wait, and never sends a withheld one', async () => {
    const p = ports();
    p.record(message('held'));
    p.claims.set('held', Date.now() + 60_000);
    expect(await deliverEmail(message('held'), p.ports, { wait: false })).toBe('held-elsewhere');
    p.states.set('withheld', 'withheld');
    expect(await deliverEmail(message('withheld'), p.ports)).toBe('withheld');
    expect(p.sent).toEqual([]);
  });

  it('sweeps on its schedule what the stream left: pending messages recorded a while ago', async () => {
    const p = ports();
    const sweepAfterMs = 30_000;
    const longAgo = new Date(Date.now() - sweepAfterMs - 1_000).toISOString();
    p.record(message('left', longAgo));
    p.record(message('just-now'));
    expect(await deliverPendingEmails(new Date(), p.ports, { sweepAfterMs })).toEqual({
      pending: 1,
      sent: 1,
    });
    expect(p.states.get('left')).toBe('sent');
    expect(p.states.get('just-now')).toBe('pending');
  });
});
