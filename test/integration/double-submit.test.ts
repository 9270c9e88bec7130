import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import { useTestRuntime } from '../support/local-runtime.ts';

// Found by the property lives: two forms posted at the same moment (two tabs, a double click).
const runtime = useTestRuntime(1);

const today = () => new Date().toISOString().slice(0, 10);

async function openForm(accountLink: string, action: string) {
  const form = await (await fetch(`${accountLink}/${action}`)).text();
  return /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
}

const post = (accountLink: string, action: string, csrf: string, fields: Record<string, string>) =>
  fetch(`${accountLink}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
    redirect: 'manual',
  });

describe('two forms posted at once', () => {
  it('are both judged on the case as it is, never answered with an error', async () => {
    const link = await runtime().caseWithReminder('ACC-TWICE', 'twice@example.com');
    const [first, second] = [await openForm(link, 'promise'), await openForm(link, 'dispute')];
    const answers = await Promise.all([
      post(link, 'promise', first, { date: today() }),
      post(link, 'dispute', second, { reason: 'wrong-amount' }),
      post(link, 'promise', first, { date: today() }),
    ]);
    const statuses = answers.map((answer) => answer.status);
    // Each is done (303) or, if another got there first and ruled it out, refused as unavailable (409).
    expect(statuses.every((status) => status === 303 || status === 409)).toBe(true);
    expect(statuses).toContain(303);
  });
});

describe('a confirmation read again after the case moved on', () => {
  it('says so in a plain page instead of failing (the promise’s pause is gone once a dispute is open)', async () => {
    const link = await runtime().caseWithReminder('ACC-MOVED-ON', 'moved-on@example.com');
    const promised = await post(link, 'promise', await openForm(link, 'promise'), { date: today() });
    expect(promised.status).toBe(303);
    const disputed = await post(link, 'dispute', await openForm(link, 'dispute'), { reason: 'wrong-amount' });
    expect(disputed.status).toBe(303);
    const page = await fetch(`${link}/promise?done`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Things have moved on since');
  });
});

describe('stop emails posted together with another action', () => {
  it('wins over that action’s acknowledgement: nothing is sent once the opt-out is recorded', async () => {
    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime().endpoints.dynamodb,
        region: 'us-east-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
    );
    for (const n of [1, 2, 3, 4]) {
      const link = await runtime().caseWithReminder(`ACC-STOP-${n}`, `stop-${n}@example.com`);
      const [stop, callback] = [await openForm(link, 'stop-emails'), await openForm(link, 'callback')];
      await Promise.all([
        post(link, 'callback', callback, { phone: '+44 20 7946 0000', preferredTime: 'morning' }),
        post(link, 'stop-emails', stop, { confirm: 'yes' }),
      ]);
      const { pk, skPrefix } = keys.timelinePrefix(`ACC-STOP-${n}-1`);
      const { Items = [] } = await table.send(
        new QueryCommand({
          TableName: runtime().endpoints.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
        }),
      );
      const types = Items.map((item) => item.type as string);
      expect(types.slice(types.indexOf('EmailsStopped'))).not.toContain('EmailSent');
    }
    table.destroy();
  });
});
