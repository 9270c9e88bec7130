import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type EventBridgeEmulator,
  type EventBridgeEvent,
  type LocalRule,
  startEventBridgeEmulator,
} from '../../local/eventbridge/index.ts';

const delivered = {
  overdue: [] as EventBridgeEvent[],
  payments: [] as EventBridgeEvent[],
  flaky: [] as EventBridgeEvent[],
  broken: [] as EventBridgeEvent[],
};
const deadLetters: Array<{ event: EventBridgeEvent; rule: string; error: string }> = [];
const warnings: string[] = [];
let flakyFailures = 0;

const rules: LocalRule[] = [
  {
    name: 'overdue',
    eventBusName: 'collections',
    pattern: { source: ['billing'], 'detail-type': ['Invoice Overdue'] },
    deliver: async (event) => {
      delivered.overdue.push(event);
    },
  },
  {
    name: 'payments',
    eventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/collections',
    pattern: {
      source: ['billing'],
      'detail-type': ['Payment Received'],
      detail: { amount: [{ numeric: ['>', 0] }] },
    },
    deliver: async (event) => {
      delivered.payments.push(event);
    },
  },
  {
    name: 'flaky',
    eventBusName: 'collections',
    pattern: { source: ['flaky'] },
    deliver: async (event) => {
      if (flakyFailures-- > 0) throw new Error('target throttled');
      delivered.flaky.push(event);
    },
  },
  {
    name: 'broken',
    eventBusName: 'collections',
    pattern: { source: ['broken'] },
    deliver: async () => {
      throw new Error('target is down');
    },
  },
];

let emulator: EventBridgeEmulator;
let client: EventBridgeClient;

beforeAll(async () => {
  emulator = await startEventBridgeEmulator({
    rules,
    retryAttempts: 2,
    retryDelayMs: 5,
    onDeliveryFailure: (event, rule, error) => {
      deadLetters.push({ event, rule: rule.name, error: (error as Error).message });
    },
    logger: {
      warn: (message: string) => warnings.push(message),
      error: (message: string) => warnings.push(message),
    },
  });
  client = new EventBridgeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

beforeEach(() => {
  for (const list of Object.values(delivered)) list.length = 0;
  deadLetters.length = 0;
  warnings.length = 0;
});

describe('local EventBridge', () => {
  it('builds the full EventBridge event and delivers it to the matching rule', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'collections',
            Source: 'billing',
            DetailType: 'Invoice Overdue',
            Detail: JSON.stringify({ accountId: 'ACC-1', amountDue: { amount: 100, currency: 'EUR' } }),
            Resources: ['arn:aws:billing:invoice/INV-1'],
            Time: new Date('2024-05-01T12:34:56.789Z'),
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries?.[0]?.EventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    await emulator.settled();
    expect(delivered.overdue).toEqual([
      {
        version: '0',
        id: eventId,
        'detail-type': 'Invoice Overdue',
        source: 'billing',
        account: '000000000000',
        time: '2024-05-01T12:34:56Z',
        region: 'us-east-1',
        resources: ['arn:aws:billing:invoice/INV-1'],
        detail: { accountId: 'ACC-1', amountDue: { amount: 100, currency: 'EUR' } },
      },
    ]);
    expect(delivered.payments).toEqual([]);
  });

  it('stamps the current time, without milliseconds, when the entry has none', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'collections', Source: 'billing', DetailType: 'Invoice Overdue', Detail: '{}' },
        ],
      }),
    );
    await emulator.settled();
    const event = emulator.events().find((candidate) => candidate.id === result.Entries?.[0]?.EventId);
    expect(event?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(event?.time ?? '')).toBeGreaterThanOrEqual(before);
    expect(event?.resources).toEqual([]);
  });

  it('fails bad entries one by one, like EventBridge, and accepts the rest', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'collections', DetailType: 'Invoice Overdue', Detail: '{}' },
          { EventBusName: 'collections', Source: 'billing', Detail: '{}' },
          { EventBusName: 'collections', Source: 'billing', DetailType: 'Invoice Overdue' },
          { EventBusName: 'collections', Source: 'billing', DetailType: 'Invoice Overdue', Detail: '[1, 2]' },
          {
            EventBusName: 'collections',
            Source: 'billing',
            DetailType: 'Invoice Overdue',
            Detail: '{not json',
          },
          {
            EventBusName: 'collections',
            Source: 'billing',
            DetailType: 'Invoice Overdue',
            Detail: '{"ok":true}',
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(5);
    const entries = result.Entries ?? [];
    expect(entries.slice(0, 3).map((entry) => entry.ErrorCode)).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
    ]);
    expect(entries[0]?.ErrorMessage).toContain('Source');
    expect(entries[1]?.ErrorMessage).toContain('DetailType');
    expect(entries[2]?.ErrorMessage).toContain('Detail');
    expect(entries[3]).toMatchObject({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(entries[4]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(entries[5]?.EventId).toBeTruthy();
    expect(entries[5]?.ErrorCode).toBeUndefined();
    await emulator.settled();
    expect(delivered.overdue.map((event) => event.detail)).toEqual([{ ok: true }]);
  });

  it('refuses more than ten entries with a ValidationException', async () => {
    const entry = { Source: 'billing', DetailType: 'x', Detail: '{}' };
    await expect(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('matches rules only on their own bus; the bus may be named by ARN; the default bus is "default"', async () => {
    await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'billing', DetailType: 'Invoice Overdue', Detail: '{"bus":"default"}' },
          {
            EventBusName: 'other',
            Source: 'billing',
            DetailType: 'Invoice Overdue',
            Detail: '{"bus":"other"}',
          },
          {
            EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/collections',
            Source: 'billing',
            DetailType: 'Payment Received',
            Detail: '{"amount":5}',
          },
          {
            EventBusName: 'collections',
            Source: 'billing',
            DetailType: 'Payment Received',
            Detail: '{"amount":0}',
          },
        ],
      }),
    );
    await emulator.settled();
    expect(delivered.overdue).toEqual([]);
    expect(delivered.payments.map((event) => event.detail)).toEqual([{ amount: 5 }]);
  });

  it('keeps every accepted event and serves them on GET /events', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'nowhere', Source: 'kept', DetailType: 'Kept', Detail: '{"n":1}' }],
      }),
    );
    const id = result.Entries?.[0]?.EventId;
    expect(emulator.events().some((event) => event.id === id)).toBe(true);
    const response = await fetch(`${emulator.url}/events`);
    expect(response.status).toBe(200);
    const served = (await response.json()) as EventBridgeEvent[];
    expect(served.find((event) => event.id === id)).toMatchObject({ source: 'kept', detail: { n: 1 } });
  });

  it('retries a failed delivery', async () => {
    flakyFailures = 2;
    await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'collections', Source: 'flaky', DetailType: 'x', Detail: '{}' }],
      }),
    );
    await emulator.settled();
    expect(delivered.flaky).toHaveLength(1);
    expect(deadLetters).toEqual([]);
    expect(warnings.filter((warning) => warning.includes('rule flaky'))).toHaveLength(2);
  });

  it('hands an event to onDeliveryFailure once every retry failed', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'collections', Source: 'broken', DetailType: 'x', Detail: '{"n":2}' }],
      }),
    );
    await emulator.settled();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      rule: 'broken',
      error: 'target is down',
      event: { id: result.Entries?.[0]?.EventId, detail: { n: 2 } },
    });
    expect(warnings.filter((warning) => warning.includes('rule broken'))).toHaveLength(3);
  });

  it('refuses a rule with an invalid pattern at start', async () => {
    await expect(
      startEventBridgeEmulator({
        rules: [
          { name: 'bad', eventBusName: 'default', pattern: { source: 'billing' }, deliver: async () => {} },
        ],
      }),
    ).rejects.toThrow(/Rule bad/);
  });
});
