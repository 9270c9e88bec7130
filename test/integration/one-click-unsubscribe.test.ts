import { afterAll, describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { signLink } from '../../functions/domain/links.ts';
import { PERSON_STATE, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

// A policy day lasts 1 s: the friendly reminder waits 7 s for a reply.
const DAY_SECONDS = 1;
const runtime = useTestRuntime(DAY_SECONDS);
let reader: ReturnType<typeof timelineReader> | undefined;
const timeline = (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader.timeline(caseId);
};
afterAll(() => reader?.close());
const stops = async (caseId: string) =>
  (await timeline(caseId)).filter((row) => row.type === 'EmailsStopped').length;

/** RFC 8058's POST, as a mail client sends it: no cookie, no CSRF token, nothing but the one field. */
const oneClick = (url: string, encoding: 'urlencoded' | 'multipart' = 'urlencoded') =>
  encoding === 'urlencoded'
    ? fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
        redirect: 'manual',
      })
    : fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=----one-click' },
        body: [
          '------one-click',
          'Content-Disposition: form-data; name="List-Unsubscribe"',
          '',
          'One-Click',
          '------one-click--',
          '',
        ].join('\r\n'),
        redirect: 'manual',
      });

/** The email's List-Unsubscribe URL, from the headers the local mailbox kept. */
async function unsubscribeUrlOf(address: string) {
  const [reminder] = await runtime().emailsTo(address);
  const headers = reminder?.headers ?? [];
  expect(headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
  const value = headers.find((header) => header.name === 'List-Unsubscribe')?.value ?? '';
  const url = /^<(https?:\/\/[^>]+)>$/.exec(value)?.[1];
  if (!url) throw new Error(`No List-Unsubscribe URL in "${value}"`);
  // The same signed link the email's footer gives to stop the emails.
  expect(reminder?.body.text).toContain(`: ${url}`);
  expect(url).toMatch(/\/case\/[^/]+\/stop-emails$/);
  return url;
}

describe('one-click unsubscribe (RFC 8058)', () => {
  it('stops the emails at once from a POST without cookie or CSRF token, and a second POST changes nothing', async () => {
    const email = 'one-click@example.com';
    await runtime().caseWithReminder('ACC-ONECLICK', email);
    const url = await unsubscribeUrlOf(email);
    const caseId = 'ACC-ONECLICK-1';

    // A GET shows the preference page as the footer's link does: the form with its CSRF token.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const form = await page.text();
    expect(form).toMatch(/name="csrf" value="[^"]+"/);
    expect(form).toMatch(/name="confirm"/);

    const first = await oneClick(url);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('');
    expect(await stops(caseId)).toBe(1);
    // Handed to a person, the case waits for them (issue 12): the execution runs on in that one state.
    expect((await runtime().waitForPerson('ACC-ONECLICK-case-1', 5000)).slice(-2)).toEqual([
      'Hand the case to a person for manual follow-up',
      PERSON_STATE,
    ]);
    expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, caseId)).toEqual([
      expect.objectContaining({ reason: 'opted-out' }),
    ]);

    // Again, in the other encoding the RFC allows: 200, nothing more recorded.
    const again = await oneClick(url, 'multipart');
    expect(again.status).toBe(200);
    expect((await oneClick(url)).status).toBe(200);
    expect(await stops(caseId)).toBe(1);

    // No further email: a partial payment would be thanked, not now.
    await runtime().pay('ACC-ONECLICK', 'PAY-ONECLICK', 1_000);
    await runtime().sqs.drained();
    expect(await runtime().emailsTo(email)).toHaveLength(1);
    // The page says the emails have stopped, as after the portal's own form.
    expect(await (await fetch(url)).text()).toContain('You have already stopped these emails');
  }, 30_000);

  it('changes nothing for a forged, tampered or expired link, and answers as for any bad link', async () => {
    const email = 'one-click-forged@example.com';
    await runtime().caseWithReminder('ACC-FORGED', email);
    const url = await unsubscribeUrlOf(email);
    const caseId = 'ACC-FORGED-1';
    const token = decodeURIComponent(/\/case\/([^/]+)\/stop-emails$/.exec(url)?.[1] ?? '');
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const portal = runtime().endpoints.portal;
    const inAMinute = Math.floor(Date.now() / 1000) + 60;
    const stopAt = (link: string) => `${portal}/case/${encodeURIComponent(link)}/stop-emails`;
    const forged = [
      stopAt(`${payload}.${mac.slice(0, -2)}AA`), // a changed signature
      stopAt(
        `${Buffer.from(JSON.stringify({ ...claims, e: inAMinute + 3600 })).toString('base64url')}.${mac}`,
      ), // a longer life, same signature
      stopAt(
        signLink({ caseId, action: 'view', expiresAt: inAMinute }, 'some-other-secret-of-enough-length'),
      ),
      stopAt(
        signLink(
          { caseId, action: 'view', expiresAt: Math.floor(Date.now() / 1000) - 1 },
          runtime().linkSecret,
        ),
      ), // expired
      stopAt('not-a-link'),
    ];
    const badLink = await (await fetch(`${portal}/case/not-a-link`)).text();
    for (const target of forged) {
      const response = await oneClick(target);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(badLink);
    }
    expect(await stops(caseId)).toBe(0);

    // The genuine link with any other body is a form of the portal's: no CSRF token, refused.
    for (const body of [
      'List-Unsubscribe=One-Click&confirm=yes',
      'confirm=yes',
      'List-Unsubscribe=one-click',
    ]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      expect(response.status).toBe(403);
    }
    // …and the one-click body is only the stop-emails page's: elsewhere it is a form without its token.
    const promise = await oneClick(url.replace(/\/stop-emails$/, '/promise'));
    expect(promise.status).toBe(403);
    expect(await stops(caseId)).toBe(0);
    expect((await timeline(caseId)).map((row) => row.type)).not.toContain('EmailsStopped');
  }, 30_000);
});
