import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { snoozeBreaches } from '../properties/invariants.ts';
import type { Entry } from '../properties/play.ts';

/** The lives' invariant for issue 16 (a snooze never makes the ladder climb) bites, and only when it should. */
const record = { caseId: 'L-1-1', debtor: { segment: 'consumer' } } as CaseRecord;
let n = 0;
const entry = (type: string, data: Record<string, unknown> = {}): Entry => {
  n++;
  const at = `2026-06-0${Math.min(9, 1 + Math.floor(n / 3))}T10:00:${String(n % 60).padStart(2, '0')}.000Z`;
  return { sk: `TIMELINE#${at}#${type}-${n}`, type, at, entryId: `${type}-${n}`, data };
};
const view = (timeline: Entry[]) => ({ record, timeline });

describe('the snooze invariant of the lives', () => {
  it('holds when the snooze ends at the rung it interrupted and nothing asked for payment meanwhile', () => {
    const timeline = [
      entry('EmailSent', { kind: 'friendly' }),
      entry('RemindersSnoozed', { remindOn: '2026-06-05' }),
      entry('EmailSent', { kind: 'callbackAck' }),
      entry('PauseEnded', {
        reason: 'snooze',
        rung: 'friendly',
        reply: { outcome: 'resume', step: 'friendly', because: 'pause-ended' },
      }),
      entry('EmailSent', { kind: 'friendly' }),
    ];
    expect(snoozeBreaches(view(timeline))).toEqual([]);
  });

  it('finds a climb after a snooze, and a demand while it runs', () => {
    const climbed = snoozeBreaches(
      view([
        entry('EmailSent', { kind: 'firm' }),
        entry('RemindersSnoozed', { remindOn: '2026-06-05' }),
        entry('PauseEnded', {
          reason: 'snooze',
          rung: 'firm',
          reply: { outcome: 'resume', step: 'final', because: 'promise-broken' },
        }),
      ]),
    );
    expect(climbed).toHaveLength(1);
    expect(climbed[0]).toContain('not a resume at the firm rung it interrupted');
    const demanded = snoozeBreaches(
      view([entry('RemindersSnoozed', { remindOn: '2026-06-05' }), entry('EmailSent', { kind: 'firm' })]),
    );
    expect(demanded).toHaveLength(1);
    expect(demanded[0]).toContain('during the snooze');
    // A promise made during the snooze replaces it: what follows is the promise's.
    expect(
      snoozeBreaches(
        view([
          entry('RemindersSnoozed', { remindOn: '2026-06-05' }),
          entry('PromiseMade', {}),
          entry('PauseEnded', { reason: 'promise', reply: { outcome: 'resume', step: 'firm' } }),
          entry('EmailSent', { kind: 'firm' }),
        ]),
      ),
    ).toEqual([]);
  });
});
