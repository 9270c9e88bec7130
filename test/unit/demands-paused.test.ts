import { describe, expect, it } from 'vitest';
import { demandsPaused } from '../../functions/domain/case.ts';

// Found by the property lives: a partial payment during hardship was thanked with a payment demand.
describe('demandsPaused', () => {
  const base = { dispute: undefined, pause: undefined };
  it('holds back demands during an open dispute or a hardship pause only', () => {
    const pause = (reason: 'hardship' | 'promise') => ({ reason, until: '2026-01-01', since: '' });
    expect(demandsPaused(base)).toBeUndefined();
    expect(demandsPaused({ ...base, pause: pause('hardship') })).toMatch(/hardship/);
    expect(demandsPaused({ ...base, pause: pause('promise') })).toBeUndefined();
    expect(demandsPaused({ ...base, dispute: { reason: 'x', openedAt: '', status: 'open' } })).toMatch(
      /dispute/,
    );
    expect(
      demandsPaused({ ...base, dispute: { reason: 'x', openedAt: '', status: 'rejected' } }),
    ).toBeUndefined();
  });
});
