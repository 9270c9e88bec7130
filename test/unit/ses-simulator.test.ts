import { describe, expect, it } from 'vitest';
import {
  SES_EVENT_SOURCE,
  SesEventDetailSchema,
  sesEventsRulePattern,
} from '../../functions/contract/ses-events.ts';
import { emailOutcomeOf } from '../../functions/domain/deliverability.ts';
import { matchesPattern } from '../../local/eventbridge/event-pattern.ts';
import { type SentMail, simulatedEvents, simulatorMailbox } from '../../local/ses/simulator.ts';

// The local SES mailbox simulator: what each address makes SES publish, in SES's EventBridge shape.

const where = { region: 'us-east-1', account: '000000000000' };
const sent = (to: string, configurationSet: string | null = 'collections-local'): SentMail => ({
  messageId: 'ses-123456789',
  source: 'accounts@example.com',
  destination: [to],
  subject: 'A reminder',
  ...(configurationSet ? { configurationSet } : {}),
  at: new Date('2026-06-02T08:00:00.000Z'),
});
/** Each event as EventBridge hands it to the rule's target. */
const onBus = (mail: SentMail) =>
  simulatedEvents(mail, where).map((event) => ({
    version: '0',
    id: 'id',
    'detail-type': event.detailType,
    source: event.source,
    account: where.account,
    time: event.time.toISOString(),
    region: where.region,
    resources: event.resources,
    detail: event.detail,
  }));
const outcomes = (to: string) =>
  simulatedEvents(sent(to), where).map((event) => {
    const detail = SesEventDetailSchema.parse(event.detail);
    return [event.detailType, emailOutcomeOf(detail).kind];
  });

describe('the SES mailbox simulator', () => {
  it('names the simulator mailbox of an address, with or without a +label', () => {
    expect(simulatorMailbox('bounce@simulator.amazonses.com')).toBe('bounce');
    expect(simulatorMailbox('Bounce+case-7@Simulator.AmazonSES.com')).toBe('bounce');
    expect(simulatorMailbox('complaint+x@simulator.amazonses.com')).toBe('complaint');
    expect(simulatorMailbox('bounce@example.com')).toBeUndefined();
  });

  it('bounces, complains, suppresses and delivers as SES does, each through the contract', () => {
    expect(outcomes('bounce+a@simulator.amazonses.com')).toEqual([['Email Bounced', 'undeliverable']]);
    expect(outcomes('suppressionlist@simulator.amazonses.com')).toEqual([['Email Bounced', 'undeliverable']]);
    expect(outcomes('complaint+b@simulator.amazonses.com')).toEqual([
      ['Email Delivered', 'delivered'],
      ['Email Complaint Received', 'complaint'],
    ]);
    expect(outcomes('success@simulator.amazonses.com')).toEqual([['Email Delivered', 'delivered']]);
    expect(outcomes('ana@example.com')).toEqual([['Email Delivered', 'delivered']]);
    const [suppressed] = simulatedEvents(sent('suppressionlist+c@simulator.amazonses.com'), where);
    expect(suppressed?.detail).toMatchObject({
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'OnSuppressionList',
        bouncedRecipients: [{ emailAddress: 'suppressionlist+c@simulator.amazonses.com' }],
      },
      mail: { messageId: 'ses-123456789', destination: ['suppressionlist+c@simulator.amazonses.com'] },
    });
  });

  it('publishes what the stack’s rule takes in, and nothing for a message sent without a configuration set', () => {
    const pattern = sesEventsRulePattern('collections-local');
    const events = onBus(sent('bounce@simulator.amazonses.com'));
    expect(events).toHaveLength(1);
    expect(events[0]?.source).toBe(SES_EVENT_SOURCE);
    expect(events.every((event) => matchesPattern(pattern, event))).toBe(true);
    expect(
      onBus(sent('bounce@simulator.amazonses.com', 'another-set')).some((e) => matchesPattern(pattern, e)),
    ).toBe(false);
    expect(simulatedEvents(sent('bounce@simulator.amazonses.com', null), where)).toEqual([]);
  });
});
