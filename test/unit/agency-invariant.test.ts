import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { agencyBreaches, referralBreaches } from '../properties/invariants.ts';
import type { CaseView, Played } from '../properties/play.ts';

/**
 * The property lives' agency invariants (test/properties/invariants.ts) for agency2: a placement
 * again only after a return a supervisor then approved; a return written off exactly when the
 * segment's policy says so; no generic thanks after the agency collected it all; each legal pause's
 * end forwarded. Each must bite, or the lives would pass whatever the system did.
 */
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
let written = 0;
const entry = (type: string, at: string, data?: Record<string, unknown>) => ({
  sk: `TIMELINE#${at}.${String(written++).padStart(3, '0')}#x`,
  type,
  at,
  entryId: `${type}-${at}`,
  ...(data ? { data } : {}),
});

const view = (
  segment: string,
  status: CaseRecord['status'],
  timeline: ReturnType<typeof entry>[],
): CaseView => ({
  record: {
    caseId: 'ACC-1-1',
    accountId: 'ACC-1',
    caseNumber: 1,
    status,
    balance: gbp(12_950),
    invoices: [],
    debtor: { name: 'A', email: 'a@example.com', locale: 'en-GB', timeZone: 'Europe/London', segment },
    openedAt: '2026-11-01T10:00:00Z',
    executionName: 'ACC-1-case-1',
    version: 9,
  } as CaseRecord,
  timeline: timeline as CaseView['timeline'],
});

const opened = () => [
  entry('CaseOpened', '2026-11-01T10:00:00Z', { amountDue: gbp(12_950) }),
  entry('EmailSent', '2026-11-04T10:00:00Z', { kind: 'friendly' }),
  entry('CasePlacedWithAgency', '2026-12-01T10:00:00Z', { agencyId: 'local-agency' }),
];

const played = (views: CaseView[], agency: { kind: string; at: string }[]) =>
  ({
    final: {
      snapshot: { afterStep: 0, cases: views },
      executions: [],
      mail: [],
      agency: agency.map((item, index) => ({
        kind: item.kind,
        accountId: 'ACC-1',
        caseId: 'ACC-1-1',
        eventId: `e${index}`,
        receivedAt: item.at,
        detail: { at: item.at, placedAt: item.at, balance: gbp(12_950) },
      })),
    },
  }) as unknown as Played;

describe('the lives’ agency invariants (agency2)', () => {
  it('allow a placement again only after a return and a supervisor’s approval after it', () => {
    const again = (approvalFirst: boolean) =>
      view('consumer', 'placed', [
        ...opened(),
        ...(approvalFirst ? [entry('ReferralApproved', '2026-12-02T09:00:00Z')] : []),
        entry('AgencyReported', '2026-12-02T10:00:00Z', { kind: 'returned' }),
        entry('HandedToPerson', '2026-12-02T10:00:01Z'),
        ...(approvalFirst ? [] : [entry('ReferralApproved', '2026-12-03T10:00:00Z')]),
        entry('CasePlacedWithAgency', '2026-12-03T10:00:05Z', { agencyId: 'local-agency', round: 2 }),
      ]);
    expect(referralBreaches(again(false))).toEqual([]);
    expect(referralBreaches(again(true))).toEqual([expect.stringContaining('the case was placed before')]);
    const recalled = view('consumer', 'placed', [
      ...opened(),
      entry('RecalledFromAgency', '2026-12-02T10:00:00Z'),
      entry('HandedToPerson', '2026-12-02T10:00:01Z'),
      entry('ReferralApproved', '2026-12-03T10:00:00Z'),
      entry('CasePlacedWithAgency', '2026-12-03T10:00:05Z'),
    ]);
    expect(referralBreaches(recalled)).toEqual([expect.stringContaining('the case was placed before')]);
  });

  it('hold a return to the segment’s policy, and no generic thanks after the agency collected it all', () => {
    const returned = (segment: string, writtenOff: boolean, status: CaseRecord['status']) =>
      agencyBreaches(
        played(
          [
            view(segment, status, [
              ...opened(),
              entry('AgencyReported', '2026-12-02T10:00:00Z', {
                kind: 'returned',
                ...(writtenOff ? { writtenOff: true } : {}),
              }),
            ]),
          ],
          [{ kind: 'placement', at: '2026-12-01T10:00:00Z' }],
        ),
      );
    expect(returned('small-business', true, 'written-off')).toEqual([]);
    expect(returned('consumer', false, 'held-for-person')).toEqual([]);
    expect(returned('consumer', true, 'written-off')).toEqual([
      expect.stringContaining('yet its policy says person'),
    ]);
    expect(returned('small-business', false, 'held-for-person')).toEqual([
      expect.stringContaining('yet its policy says write-off'),
    ]);
    expect(returned('small-business', true, 'held-for-person')).toEqual([
      expect.stringContaining("written off on the agency's return, yet it is held-for-person"),
    ]);
    const thanked = agencyBreaches(
      played(
        [
          view('consumer', 'paid', [
            ...opened(),
            entry('AgencyReported', '2026-12-02T10:00:00Z', { kind: 'collected', balance: gbp(0) }),
            entry('CaseResolved', '2026-12-02T10:00:01Z', { resolution: 'paid' }),
            entry('EmailSent', '2026-12-02T10:00:02Z', { kind: 'thanks' }),
          ]),
        ],
        [{ kind: 'placement', at: '2026-12-01T10:00:00Z' }],
      ),
    );
    expect(thanked).toEqual([expect.stringContaining('the generic thanks')]);
  });

  it('see every legal pause end on a placed case forwarded, and received once, after the pause', () => {
    const timeline = (forwardEnd: boolean) => [
      ...opened(),
      entry('CollectionPaused', '2026-12-02T10:00:00Z', { forwardedToAgency: 'legal-pause' }),
      entry(
        'CollectionResumed',
        '2026-12-03T10:00:00Z',
        forwardEnd ? { forwardedToAgency: 'legal-pause-ended' } : {},
      ),
    ];
    const pause = { kind: 'legal-pause', at: '2026-12-02T10:00:00Z' };
    const end = { kind: 'legal-pause-ended', at: '2026-12-03T10:00:00Z' };
    const placement = { kind: 'placement', at: '2026-12-01T10:00:00Z' };
    expect(
      agencyBreaches(played([view('consumer', 'placed', timeline(true))], [placement, pause, end])),
    ).toEqual([]);
    expect(agencyBreaches(played([view('consumer', 'placed', timeline(false))], [placement, pause]))).toEqual(
      [expect.stringContaining('not forwarded to the agency')],
    );
    expect(agencyBreaches(played([view('consumer', 'placed', timeline(true))], [placement, pause]))).toEqual([
      expect.stringContaining('the timeline forwarded 1 legal pause ends; the agency got 0'),
    ]);
    expect(
      agencyBreaches(played([view('consumer', 'placed', timeline(true))], [placement, end, pause])),
    ).toEqual([expect.stringContaining("a legal pause's end without the pause")]);
  });
});
