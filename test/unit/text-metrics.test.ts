import { describe, expect, it } from 'vitest';
import { METRIC_TIMELINE_ENTRIES } from '../../functions/contract/metrics.ts';
import { metricPointsOf, type RecordedEntry, textRefusedPoints } from '../../functions/domain/metrics.ts';

/** The business metrics of texts (issue 16): sent, their billed segments, refused by the gate, STOPs. */

const insert = (type: string, data: Record<string, unknown> = {}): RecordedEntry => ({
  change: 'INSERT',
  type,
  data,
});

describe('the metrics of texts', () => {
  it('are derived from the entries the table’s stream brings', () => {
    expect(METRIC_TIMELINE_ENTRIES).toEqual(expect.arrayContaining(['TextSent', 'TextsStopped']));
  });

  it('count each text sent by what it was for, and its billed segments with the confirmation before it', () => {
    expect(
      metricPointsOf(
        insert('TextSent', { purpose: 'collection', segments: 2, welcomeSegments: 1 }),
        undefined,
      ),
    ).toEqual([
      { metric: 'textsSent', dimensions: { textPurpose: 'collection' }, value: 1 },
      { metric: 'textSegments', dimensions: { textPurpose: 'collection' }, value: 3 },
    ]);
    expect(metricPointsOf(insert('TextSent', { purpose: 'answer', segments: 1 }), undefined)).toEqual([
      { metric: 'textsSent', dimensions: { textPurpose: 'answer' }, value: 1 },
      { metric: 'textSegments', dimensions: { textPurpose: 'answer' }, value: 1 },
    ]);
    // A purpose nobody knows is 'other', never its text; a malformed count is no segment.
    expect(metricPointsOf(insert('TextSent', { purpose: 'Dear Sam', segments: 'two' }), undefined)).toEqual([
      { metric: 'textsSent', dimensions: { textPurpose: 'other' }, value: 1 },
    ]);
    // A text changed later (marked sent) is not sent again.
    expect(
      metricPointsOf({ change: 'MODIFY', type: 'TextSent', data: { purpose: 'collection' } }, undefined),
    ).toEqual([]);
  });

  it('count each STOP', () => {
    expect(metricPointsOf(insert('TextsStopped', { keyword: 'BAJA' }), undefined)).toEqual([
      { metric: 'textsStopped', dimensions: {}, value: 1 },
    ]);
  });

  it('count a text refused when a message that was to go by text is withheld, beside the message itself', () => {
    const texted = insert('EmailWithheld', { reason: 'a dispute is open', channels: ['sms'] });
    expect(metricPointsOf(texted, undefined)).toEqual([
      { metric: 'messagesWithheld', dimensions: { withheldReason: 'dispute-open' }, value: 1 },
      { metric: 'textsRefused', dimensions: { textRefusal: 'dispute-open' }, value: 1 },
    ]);
    expect(metricPointsOf(insert('EmailWithheld', { reason: 'a dispute is open' }), undefined)).toEqual([
      { metric: 'messagesWithheld', dimensions: { withheldReason: 'dispute-open' }, value: 1 },
    ]);
  });

  it('count a person’s reply the gate refused, by why, in the contract’s codes', () => {
    expect(textRefusedPoints({ outcome: 'no-consent' })).toEqual([
      { metric: 'textsRefused', dimensions: { textRefusal: 'no-consent' }, value: 1 },
    ]);
    const until = new Date('2026-11-21T08:00:00Z');
    expect(
      textRefusedPoints({ outcome: 'refused', reason: 'outside the contact window in Europe/London', until }),
    ).toEqual([{ metric: 'textsRefused', dimensions: { textRefusal: 'contact-window' }, value: 1 }]);
    expect(
      textRefusedPoints({ outcome: 'refused', reason: 'the weekly cap of 3 messages is reached', until }),
    ).toEqual([{ metric: 'textsRefused', dimensions: { textRefusal: 'weekly-cap' }, value: 1 }]);
    expect(textRefusedPoints({ outcome: 'refused', reason: 'the case is closed (paid)' })).toEqual([
      { metric: 'textsRefused', dimensions: { textRefusal: 'case-closed' }, value: 1 },
    ]);
  });
});
