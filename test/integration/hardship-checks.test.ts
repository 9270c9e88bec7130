import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import {
  BillingDetailType,
  linkIn,
  overdueInvoice,
  PERSON_STATE,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';

// Issue 11 on the real state machine: the plan offer rung, and the checks for signs of hardship
// before the final notice and before a referral. A policy day lasts 0.1 s: the consumer ladder to
// the first check (3 + 7 + 7 + 7 days) takes about 2.5 s.
const DAY_SECONDS = 0.1;
const runtime = useTestRuntime(DAY_SECONDS);

const SUPPORTIVE = /^We have stopped reminders: a person from our team will look at your account$/;
const HAND_OVER = 'Send a supportive message and hand the case to a person';

/** The case went to a person after signs of hardship: never referred, never a final notice. */
async function expectHandedOver(accountId: string, email: string, caseNumber: number, signs: string[]) {
  const caseId = `${accountId}-${caseNumber}`;
  const supportive = await runtime().emailWith(email, SUPPORTIVE, 15_000);
  // No payment demand: no button, the balance for information only, a person to talk to.
  expect(supportive.body.html).not.toContain('display:inline-block');
  expect(supportive.body.text).toContain('For your information only');
  expect(supportive.body.text).toMatch(/talk to a person/);
  expect(supportive.body.text).toMatch(/\/hardship\b/);
  // Handed to a person, the case waits for them (issue 12): the execution runs on in that one state.
  const transitions = await runtime().waitForPerson(`${accountId}-case-${caseNumber}`, 5000);
  expect(transitions).toContain('Offer a payment plan and wait for reply');
  expect(transitions).toContain('Check for signs of hardship');
  // After the hand-over only the wait for a person: renewed when its time runs out before the test
  // looks (the supportive email may wait in the outbox for the debtor's morning on this fast clock).
  const afterHandOver = transitions.slice(transitions.indexOf(HAND_OVER) + 1);
  expect(afterHandOver.length).toBeGreaterThan(0);
  expect(afterHandOver.every((state) => state === PERSON_STATE)).toBe(true);
  expect(transitions).not.toContain('Send final notice and wait for reply');
  expect(transitions).not.toContain('Refer to collection agency');
  expect(runtime().eventsOf(CaseDetailType.casePlacedWithAgency, caseId)).toEqual([]);
  expect(runtime().eventsOf(CaseDetailType.hardshipCheckCompleted, caseId)).toEqual([
    expect.objectContaining({ checkpoint: 'final-notice', outcome: 'review', signs }),
  ]);
  expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, caseId)).toEqual([
    expect.objectContaining({ reason: 'hardship-signs', detail: `signs of hardship: ${signs.join(', ')}` }),
  ]);
  const subjects = (await runtime().emailsTo(email)).map((message) => message.subject);
  expect(subjects.some((subject) => /^Final notice/.test(subject))).toBe(false);
  // The History says the decision in plain words.
  const history = await (await fetch(`${linkIn(supportive)}/history`)).text();
  expect(history).toContain('We checked for any sign that you might be struggling and found some');
}

describe('the checks for signs of hardship', () => {
  it('never refers a debtor billing marked as needing extra care: a person takes the case over', async () => {
    const email = 'vulnerable@example.com';
    const invoice = overdueInvoice({ accountId: 'ACC-VULN', invoiceId: 'INV-VULN-1', email });
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...invoice,
      debtor: { ...invoice.debtor, vulnerable: true },
    });
    await expectHandedOver('ACC-VULN', email, 1, ['vulnerable']);
  }, 30_000);

  it('never refers someone paying what they can: a person takes the case over', async () => {
    const email = 'partial-payer@example.com';
    await runtime().caseWithReminder('ACC-PART', email, { amount: 12_950 });
    await runtime().pay('ACC-PART', 'PAY-PART-1', 2_950);
    await expectHandedOver('ACC-PART', email, 1, ['partial-payments']);
  }, 30_000);

  it('remembers a hardship declared on an earlier case of the account within the look-back', async () => {
    const email = 'hardship-before@example.com';
    const link = await runtime().caseWithReminder('ACC-EARLIER', email, { amount: 10_000 });
    const declared = await submitForm(link, 'hardship', { reason: 'illness', affordable: '20', note: '' });
    expect(declared.status).toBe(303);
    await runtime().emailWith(email, /We've paused collection until/);
    await runtime().pay('ACC-EARLIER', 'PAY-EARLIER-1', 10_000);
    expect(await runtime().waitForExecution('ACC-EARLIER-case-1', 8000)).toBe('SUCCEEDED');
    expect(runtime().resolutions('ACC-EARLIER-1')).toEqual(['paid']);

    // A new overdue invoice opens the account's second case; nobody answers it.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-EARLIER', invoiceId: 'INV-EARLIER-2', email }),
    );
    await expectHandedOver('ACC-EARLIER', email, 2, ['hardship-declared']);
  }, 40_000);
});
