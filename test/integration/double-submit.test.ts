import { describe, expect, it } from 'vitest';
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
