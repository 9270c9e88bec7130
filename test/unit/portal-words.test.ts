import { describe, expect, it } from 'vitest';
import { SurveyAnsweredDetailSchema } from '../../functions/contract/case-events.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { SurveyFormSchema, surveyAnswer, surveyUnavailable } from '../../functions/domain/survey.ts';
import { caseStatusSentence, nextPlanPayment } from '../../functions/portal/case-status.ts';
import { historyItems, historyText } from '../../functions/portal/history.ts';
import { chooseLanguage, localeFor, withLanguage } from '../../functions/portal/language-choice.ts';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const record: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  balance: gbp(12_000),
  invoices: [{ invoiceId: 'INV-1', amountDue: gbp(12_000), dueDate: '2026-11-01' }],
  debtor: {
    name: 'A',
    email: 'a@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: '2026-11-05T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  version: 1,
};
const today = '2026-12-01';
const since = '2026-11-30T10:00:00Z';
const plan = {
  offer: {
    id: '3x30d',
    instalments: [
      { number: 1, dueDate: '2026-12-03', amount: gbp(4_000) },
      { number: 2, dueDate: '2027-01-03', amount: gbp(4_000) },
      { number: 3, dueDate: '2027-02-03', amount: gbp(4_000) },
    ],
    total: gbp(12_000),
    remainder: gbp(0),
  },
  acceptedAt: since,
  acceptedOn: '2026-11-30',
  balanceAtStart: gbp(12_000),
  remindedFor: 0,
  missesNotified: 0,
} as unknown as NonNullable<CaseRecord['plan']>;

describe('where the case stands, in one sentence', () => {
  const sentence = (change: Partial<CaseRecord>, locale = 'en-GB') =>
    caseStatusSentence({ ...record, ...change }, locale, today);

  it('says each state plainly, in English', () => {
    expect(sentence({})).toBe('We are waiting for your payment.');
    expect(sentence({ pause: { reason: 'hardship', until: '2026-12-14', since } })).toBe(
      'We have paused reminders until 14 December 2026 while you sort things out.',
    );
    expect(
      sentence({ pause: { reason: 'promise', until: '2026-12-16', since, promisedDate: '2026-12-14' } }),
    ).toBe(
      'You told us you will pay by 14 December 2026, so we have paused reminders until 16 December 2026.',
    );
    expect(sentence({ plan, pause: { reason: 'plan', until: '2026-12-01', since } })).toBe(
      'Your plan is on track: next payment of £40.00 on 3 December 2026.',
    );
    expect(
      sentence({
        dispute: { reason: 'wrong-amount', openedAt: since, status: 'open' },
        pause: { reason: 'dispute', until: '2026-12-30', since },
      }),
    ).toBe('Your dispute is being reviewed; we will not ask for payment until it is resolved.');
    expect(sentence({ optedOutAt: since })).toBe(
      'We have stopped emailing you; someone from our team will contact you another way.',
    );
    expect(sentence({ status: 'paid', balance: gbp(0) })).toBe('Paid in full — thank you.');
    expect(sentence({ legalPause: { reason: 'breathing-space', since } })).toContain('Collection is paused');
  });

  it('and in Spanish, with dates and amounts for the locale', () => {
    expect(sentence({ pause: { reason: 'hardship', until: '2026-12-14', since } }, 'es-ES')).toBe(
      'Hemos pausado los recordatorios hasta el 14 de diciembre de 2026 mientras se organiza.',
    );
    expect(sentence({ plan }, 'es-ES')).toBe(
      'Su plan va bien: el próximo pago es de 40,00\u00a0GBP el 3 de diciembre de 2026.',
    );
    expect(sentence({ status: 'paid' }, 'es-MX')).toBe('Pagado por completo: gracias.');
  });

  it('a plan behind its schedule asks for the missed payment; a part-paid instalment shows what is left of it', () => {
    expect(caseStatusSentence({ ...record, plan }, 'en-GB', '2026-12-10')).toBe(
      'Your plan needs a payment: £40.00 was due on 3 December 2026. Please pay it when you can, or tell us if the plan no longer works.',
    );
    expect(nextPlanPayment(plan, gbp(9_000))).toEqual({ amount: gbp(1_000), dueDate: '2026-12-03' });
    expect(nextPlanPayment(plan, gbp(8_000))).toEqual({ amount: gbp(4_000), dueDate: '2027-01-03' });
    expect(nextPlanPayment(plan, gbp(0))).toBeUndefined();
  });
});

describe('the history in plain words', () => {
  it('names each message and action, and says honestly what was held back and why', () => {
    expect(
      historyText({ type: 'EmailSent', at: since, data: { kind: 'firm', subject: 'Still unpaid' } }, 'en'),
    ).toBe('Email: A second, firmer reminder (subject “Still unpaid”)');
    expect(
      historyText(
        { type: 'EmailWithheld', at: since, data: { kind: 'firm', reason: 'the debtor opted out of email' } },
        'en',
      ),
    ).toBe('We did not send an email (a second, firmer reminder) because you asked us to stop emailing.');
    expect(
      historyText(
        { type: 'PaymentReceived', at: since, data: { amount: gbp(2_000), balance: gbp(0) } },
        'en-GB',
      ),
    ).toBe('Payment received: £20.00.');
    expect(
      historyText({ type: 'PromiseMade', at: since, data: { promisedDate: '2026-12-14' } }, 'es-ES'),
    ).toBe('Se comprometió a pagar antes del 14 de diciembre de 2026.');
    expect(historyText({ type: 'SurveyAnswered', at: since, data: { score: 4 } }, 'en')).toContain(
      '4 out of 5',
    );
  });

  it('says when a message was held back by the contact rules, until when and why, and names documents', () => {
    const deferred = (reason: string) => ({
      type: 'EmailDeferred',
      at: since,
      data: { kind: 'friendly', until: '2026-06-03T07:00:00.000Z', reason },
    });
    expect(
      historyText(deferred('outside the contact window in Europe/London'), 'en-GB', 'Europe/London'),
    ).toMatch(
      /^We held back an email \(your first reminder\) because it was outside the hours we may write to you; it may go from 3 Jun 2026, 08:00\.$/,
    );
    expect(
      historyText(deferred('the weekly cap of 3 messages is reached'), 'es-ES', 'Europe/Madrid'),
    ).toMatch(
      /^Retuvimos un correo \(su primer recordatorio\) porque ya le habíamos escrito tantas veces como podemos esta semana; puede enviarse a partir del 3 jun 2026, 9:00\.$/,
    );
    expect(
      historyText({ type: 'DocumentAdded', at: since, data: { displayName: 'document-1.pdf' } }, 'en'),
    ).toBe('You sent us a document for your dispute (document-1.pdf).');
  });

  it('shows an unknown entry in general words, and malformed data never breaks it', () => {
    expect(historyText({ type: 'SomethingNew', at: since }, 'en')).toBe('Your account was updated.');
    expect(historyText({ type: 'PaymentReceived', at: since, data: { amount: 'lots' } }, 'es')).toBe(
      'Pago recibido: .',
    );
    expect(historyItems([{ type: 'EmailSent', at: 'not a time', data: {} }], 'en', 'Nowhere/Zone')).toEqual([
      { at: 'not a time', when: 'not a time', text: 'Email: Your account was updated' },
    ]);
  });

  it('lists newest first in the debtor’s zone, same-instant entries newest-written first, bookkeeping left out', () => {
    const items = historyItems(
      [
        { type: 'PromiseMade', at: '2026-07-01T10:00:00.000Z', data: {} },
        { type: 'EmailSent', at: '2026-07-01T10:00:00.000Z', data: { kind: 'promiseAck' } },
        { type: 'PlanChecked', at: '2026-07-02T10:00:00.000Z' },
        { type: 'EmailsStopped', at: '2026-07-03T10:00:00.000Z' },
      ],
      'en-GB',
      'Europe/Madrid',
    );
    expect(items.map((item) => item.text)).toEqual([
      'You asked us to stop emailing you.',
      'Email: Your promise to pay, confirmed',
      'You promised to pay by a date.',
    ]);
    expect(items[0]?.when).toBe('3 Jul 2026, 12:00');
  });
});

describe('the history of a case placed with an agency (issue 14)', () => {
  const agency = {
    name: 'Northwind <Recoveries>',
    contact: { phone: '+44 20 7946 0123', email: 'help@northwind.example', website: undefined },
  };
  const agencyOf = (agencyId: string) => (agencyId === 'northwind' ? agency : undefined);
  const entry = (type: string, data: Record<string, unknown> = {}) => ({ type, at: since, data });
  const placed = entry('CasePlacedWithAgency', { agencyId: 'northwind', termDays: 90 });

  it('names the agency and how to reach it; without the stack’s agency, the general words', () => {
    expect(historyText(placed, 'en-GB', 'Europe/London', agencyOf)).toBe(
      'Your account was referred to a collection agency, Northwind <Recoveries>, which now handles it for us. You can reach them by phone on +44 20 7946 0123, by email at help@northwind.example.',
    );
    expect(historyText(placed, 'es-ES', 'Europe/Madrid', agencyOf)).toBe(
      'Su cuenta se remitió a una agencia de cobros, Northwind <Recoveries>, que ahora la gestiona por nosotros. Puede contactar con ella por teléfono en el +44 20 7946 0123, por correo en help@northwind.example.',
    );
    expect(historyText(placed, 'en-GB')).toBe('Your account was referred to a collection agency.');
    expect(historyText(entry('CasePlacedWithAgency', { agencyId: 'gone' }), 'en', undefined, agencyOf)).toBe(
      'Your account was referred to a collection agency.',
    );
  });

  it('says plainly when we took it back, what the agency told us, and never what passed between us and it', () => {
    const recalled =
      'We took your account back from the collection agency: they will not contact you about it any more.';
    expect(
      historyText(
        entry('RecalledFromAgency', { agencyId: 'northwind', by: 'boss@x', note: 'internal' }),
        'en',
      ),
    ).toBe(recalled);
    expect(historyText(entry('AgencyForwarded', { kind: 'recall', reason: 'term-ended' }), 'en')).toBe(
      recalled,
    );
    expect(
      historyText(entry('AgencyForwarded', { kind: 'payment', balance: gbp(100) }), 'en'),
    ).toBeUndefined();
    expect(historyText(entry('DisputeOpened', { forwardedToAgency: 'recall' }), 'en')).toBe(
      `You disputed this account; we stopped collecting while our team looks into it. ${recalled}`,
    );
    expect(historyText(entry('CollectionPaused', { forwardedToAgency: 'legal-pause' }), 'en')).toBe(
      'Collection was paused.',
    );
    const reported = (data: Record<string, unknown>, locale = 'en-GB') =>
      historyText(entry('AgencyReported', { agencyId: 'northwind', reportId: 'R-77', ...data }), locale);
    expect(reported({ kind: 'collected', amount: gbp(4_000), balance: gbp(8_000) })).toBe(
      'The collection agency told us you paid them £40.00; your balance is now £80.00.',
    );
    expect(reported({ kind: 'collected', amount: gbp(12_000), balance: gbp(0) })).toBe(
      'The collection agency told us your account is paid in full: it is settled.',
    );
    expect(reported({ kind: 'collected', amount: gbp(12_000), balance: gbp(0) }, 'es-ES')).toBe(
      'La agencia de cobros nos comunicó que su cuenta está pagada en su totalidad: queda saldada.',
    );
    expect(reported({ kind: 'disputed' })).toMatch(/^You disputed this account with the collection agency/);
    expect(reported({ kind: 'returned' })).toBe(
      'The collection agency gave your account back to us; a member of our team will be in touch.',
    );
    expect(reported({ kind: 'returned', writtenOff: true })).toBe(
      'The collection agency gave your account back to us.',
    );
    expect(reported({ kind: 'closed' }, 'es-ES')).toMatch(
      /^La agencia de cobros nos devolvió su cuenta; una persona/,
    );
    for (const line of [reported({ kind: 'collected' }), reported({ kind: 'returned' })])
      expect(line).not.toMatch(/R-77|northwind/);
  });
});

describe('the survey', () => {
  it('takes a score of 1 to 5 and an optional comment of up to 1000 characters', () => {
    expect(SurveyFormSchema.parse({ score: '4', comment: '  Kind people. ' })).toEqual({
      score: 4,
      comment: 'Kind people.',
    });
    expect(SurveyFormSchema.parse({ score: '1' })).toEqual({ score: 1, comment: '' });
    const issues = (input: unknown) =>
      SurveyFormSchema.safeParse(input).error?.issues.map((issue) => [issue.path[0], issue.message]);
    expect(issues({})).toEqual([['score', 'score-required']]);
    expect(issues({ score: '6' })).toEqual([['score', 'score-required']]);
    expect(issues({ score: '3', comment: 'x'.repeat(1001) })).toEqual([['comment', 'comment-too-long']]);
  });

  it('is offered once, on a paid or credited case only', () => {
    expect(surveyUnavailable({ status: 'paid' })).toBeUndefined();
    expect(surveyUnavailable({ status: 'credited' })).toBeUndefined();
    expect(surveyUnavailable({ status: 'open' })).toBe('not-closed');
    expect(surveyUnavailable({ status: 'placed' })).toBe('not-closed');
    expect(surveyUnavailable({ status: 'paid', surveyAnsweredAt: since })).toBe('already-answered');
  });

  it('an answer becomes a timeline entry and a SurveyAnswered detail that fits the published schema', () => {
    const { entry, detail } = surveyAnswer(record, { score: 5, comment: '' }, new Date(since));
    expect(entry).toEqual({
      type: 'SurveyAnswered',
      at: new Date(since).toISOString(),
      entryId: 'survey',
      data: { score: 5 },
    });
    expect(SurveyAnsweredDetailSchema.parse(detail)).toEqual(detail);
  });
});

describe('the language', () => {
  it('the switch wins over the debtor’s locale, which wins over the browser', () => {
    expect(chooseLanguage({ query: 'es', debtorLocale: 'en-GB', acceptLanguage: 'en' })).toBe('es');
    expect(chooseLanguage({ query: 'fr', debtorLocale: 'es-MX', acceptLanguage: 'en' })).toBe('es');
    expect(chooseLanguage({ acceptLanguage: 'es-ES;q=0.9,en' })).toBe('es');
    expect(chooseLanguage({})).toBe('en');
  });

  it('keeps the debtor’s region for amounts and dates, and the language in links', () => {
    expect(localeFor('en', 'en-GB')).toBe('en-GB');
    expect(localeFor('es', 'en-GB')).toBe('es-GB');
    expect(localeFor('en', 'es')).toBe('en');
    expect(withLanguage('/case/x/promise', 'es', 'done')).toBe('/case/x/promise?done&lang=es');
  });
});
