import { describe, expect, it } from 'vitest';
import {
  EMAIL_KINDS,
  type EmailContext,
  EmailContextError,
  type EmailKind,
  type PlanSchedule,
  REQUIRED_FIELDS,
  renderEmail,
} from '../../functions/domain/emails.ts';
import { base, contextFor, gbp, threeMonths, twoMonths } from '../support/email-contexts.ts';

const LOCALES = ['en-GB', 'es-ES'] as const;
const NO_DEMAND: EmailKind[] = ['disputeAck', 'hardshipAck', 'hardshipReview'];
/** Messages after which nothing is owed, or that hand the account on: no ways forward to offer. */
/** Before the due date (issue 16): nothing is owed yet, so nothing is asked for; a plain link to pay or plan early. */
const BEFORE_DUE: EmailKind[] = ['dueSoon'];
const NOT_COLLECTING: EmailKind[] = [
  'placed',
  'thanks',
  'agencySettled',
  'disputeUpheld',
  'credited',
  ...NO_DEMAND,
  ...BEFORE_DUE,
];
const COLLECTING = EMAIL_KINDS.filter((kind) => !NOT_COLLECTING.includes(kind));

const OPTIONS = {
  'en-GB': [/\bpay\b/i, /payment plan/, /hard time/, /something is wrong/, /talk to a person/],
  'es-ES': [/\bpagar\b/i, /plan de pagos/, /momento difícil/, /hay un error/, /hablar con una persona/],
};
/** Any request to pay, in either language. */
const PAY_WORDS = /\b(pay|paying|pagar|pague|páguelo|pagarlo|pagando)\b/i;

const flat = (text: string) => text.replace(/\s/g, ' ');
const withoutLinks = (text: string) => text.replace(/https?:\/\/[^\s"]+/g, '<link>');

describe('emails: guardrails on every kind, in both languages and both parts', () => {
  it('knows every kind the journey sends', () => {
    expect(EMAIL_KINDS).toHaveLength(22);
    expect(EMAIL_KINDS).not.toContain('optOutConfirmation');
  });

  describe.each(EMAIL_KINDS)('%s', (kind) => {
    it.each(LOCALES)(
      '%s: says who is writing, the amount, the account link and how to stop the emails',
      (locale) => {
        const email = renderEmail(contextFor(kind, locale));
        expect(email.subject.length).toBeGreaterThan(10);
        for (const part of [email.text, email.html]) {
          expect(part).toContain('Example Energy accounts team');
          expect(flat(part)).toContain(locale === 'en-GB' ? '£129.50' : '129,50 GBP');
          expect(part).toContain('https://pay.example.com/case/abc.def');
          expect(part).toContain('https://pay.example.com/case/stop.ghi');
          expect(part).not.toMatch(/reply with "stop"|«stop»/);
        }
        expect(email.html).toContain(`<html lang="${locale.slice(0, 2)}">`);
        expect(email.html).toMatch(/<a href="https:\/\/pay\.example\.com\/case\/stop\.ghi"[^>]*>/);
        expect(email.text).not.toMatch(/<[a-z]|&(amp|lt|gt|#39);/);
        // The same link, for the List-Unsubscribe header (the rendered email alone is enough to send).
        expect(email.unsubscribeUrl).toBe('https://pay.example.com/case/stop.ghi');
      },
    );

    it.each(LOCALES)('%s: without an opt-out link, says to reply "stop"', (locale) => {
      const { optOutUrl: _, ...withoutLink } = contextFor(kind, locale);
      const email = renderEmail(withoutLink);
      for (const part of [email.text, email.html]) expect(part).toMatch(/stop/i);
      expect(email.text).toMatch(locale === 'en-GB' ? /reply with "stop"/ : /responda con «stop»/);
      expect(email).not.toHaveProperty('unsubscribeUrl');
    });

    it.each(LOCALES)('%s: never threatens', (locale) => {
      const { subject, text } = renderEmail(contextFor(kind, locale));
      for (const part of [subject, text]) {
        expect(part).not.toMatch(
          /court|legal action|bailiff|credit (score|rating)|tribunal|embargo|demanda judicial/i,
        );
        expect(part).not.toMatch(/!/);
      }
    });

    it('cannot be written without what it needs', () => {
      for (const field of REQUIRED_FIELDS[kind]) {
        expect(() => renderEmail({ ...contextFor(kind), [field]: undefined })).toThrow(EmailContextError);
      }
    });
  });

  describe.each(['thanks', 'disputeUpheld', 'credited'] as const)('%s, once nothing is owed', (kind) => {
    it.each(LOCALES)('%s: still says who is writing, the balance and the links', (locale) => {
      const email = renderEmail(contextFor(kind, locale, { balance: gbp(0) }));
      for (const part of [email.text, email.html]) {
        expect(part).toContain('Example Energy accounts team');
        expect(flat(part)).toContain(locale === 'en-GB' ? '£0.00' : '0,00 GBP');
        expect(part).toContain('https://pay.example.com/case/abc.def');
        expect(part).toContain('https://pay.example.com/case/stop.ghi');
      }
      expect(email.text).toMatch(
        locale === 'en-GB' ? /nothing (more )?(you need )?to (pay|do)/ : /nada (más|que pagar)/,
      );
    });
  });

  describe.each(COLLECTING)('%s offers every way forward', (kind) => {
    it.each(LOCALES)('%s', (locale) => {
      const email = renderEmail(contextFor(kind, locale));
      for (const part of [email.text, email.html]) {
        for (const option of OPTIONS[locale]) expect(part).toMatch(option);
      }
      expect(email.html).toContain('<ul');
    });
  });

  describe.each(BEFORE_DUE)('%s is a note before the due date, not a demand', (kind) => {
    it.each(LOCALES)('%s', (locale) => {
      const email = renderEmail(contextFor(kind, locale));
      // Nothing is due yet: no button, no list of ways forward, no "now due", no agency.
      expect(email.html).not.toContain('display:inline-block');
      expect(email.html).not.toContain('<ul');
      expect(email.text).not.toMatch(/Balance now due|Saldo pendiente|overdue|vencid|agenc/i);
      expect(email.text).toMatch(
        locale === 'en-GB' ? /Balance on your account: £129\.50/ : /Saldo de su cuenta: 129,50/,
      );
      expect(email.text).toMatch(
        locale === 'en-GB' ? /nothing you need to do today/ : /Hoy no tiene que hacer nada/,
      );
      // The link to pay or plan early, and the due dates in the table.
      expect(email.text).toMatch(
        locale === 'en-GB'
          ? /Pay early or choose a plan: https:\/\/pay\.example\.com\/case\/abc\.def/
          : /Pagar por adelantado o elegir un plan: https:\/\/pay\.example\.com\/case\/abc\.def/,
      );
      expect(email.text).toMatch(
        locale === 'en-GB' ? /due date 19 November 2026/ : /19 de noviembre de 2026/,
      );
      expect(email.subject).toMatch(locale === 'en-GB' ? /before the due date/ : /antes del vencimiento/);
    });
  });

  describe.each(NO_DEMAND)('%s states the balance only as information, never asking for payment', (kind) => {
    it.each(LOCALES)('%s', (locale) => {
      const email = renderEmail(contextFor(kind, locale));
      for (const part of [email.subject, email.text, email.html])
        expect(withoutLinks(part)).not.toMatch(PAY_WORDS);
      expect(email.text).toMatch(
        locale === 'en-GB' ? /For your information only/ : /Solo a título informativo/,
      );
      // No button, no list of payment options, no "due" on the balance line.
      expect(email.html).not.toContain('display:inline-block');
      expect(email.html).not.toContain('<ul');
      expect(email.text).toMatch(
        locale === 'en-GB' ? /Balance on your account: £129\.50/ : /Saldo de su cuenta: 129,50/,
      );
      expect(email.text).not.toMatch(/Balance now due|Saldo pendiente/);
      // Still a way to a person.
      expect(email.text).toMatch(locale === 'en-GB' ? /talk to a person/ : /hablar con una persona/);
    });
  });

  it('has a button on every message that may ask for payment, and a plain link on the others', () => {
    for (const kind of EMAIL_KINDS) {
      const settled =
        kind === 'disputeUpheld' || kind === 'credited' || kind === 'thanks' || kind === 'agencySettled';
      const { html } = renderEmail(contextFor(kind, 'en-GB', settled ? { balance: gbp(0) } : {}));
      const hasButton = html.includes('display:inline-block');
      expect([kind, hasButton]).toEqual([kind, !NOT_COLLECTING.includes(kind)]);
    }
  });
});

describe('emails: the ladder', () => {
  it('grows firmer step by step without threats', () => {
    expect(renderEmail({ ...base, kind: 'friendly' }).subject).toBe(
      'A friendly reminder: £129.50 is now due',
    );
    expect(renderEmail({ ...base, kind: 'firm' }).subject).toBe('Your balance of £129.50 is still unpaid');
    const final = renderEmail({ ...base, kind: 'final' });
    expect(final.subject).toBe('Final notice: £129.50 before 14 December 2026');
    expect(final.text).toContain('collection agency');
    expect(renderEmail({ ...base, kind: 'placed' }).subject).toBe(
      'Your account has been referred to a collection agency',
    );
    expect(renderEmail({ ...base, kind: 'thanks' }).subject).toBe('Thank you: your account is paid');
  });

  it('tells a debtor whose agency collected everything, in a short note of its own, that the account is settled', () => {
    for (const [locale, subject, words] of [
      ['en-GB', 'Your account is settled', /collection agency that was handling your account/],
      ['es-ES', 'Su cuenta está saldada', /agencia de cobros que gestionaba su cuenta/],
    ] as const) {
      const note = renderEmail({ ...base, kind: 'agencySettled', locale, balance: gbp(0) });
      expect(note.subject).toBe(subject);
      expect(note.text).toMatch(words);
      // Nothing asked for: no button, no ways to pay, no survey.
      expect(note.html).not.toContain('display:inline-block');
      expect(withoutLinks(note.text)).not.toMatch(PAY_WORDS);
      expect(note.text).not.toMatch(/survey|encuesta|How did we do/i);
    }
  });

  it('names the agency only where the ladder has reached it', () => {
    const mentions = EMAIL_KINDS.filter((kind) => /agency|agencia/.test(renderEmail(contextFor(kind)).text));
    expect(mentions.sort()).toEqual(['agencySettled', 'disputeRejected', 'final', 'placed', 'planBroken']);
    const withoutDate = renderEmail(
      contextFor('disputeRejected', 'en-GB', { agencyReferralDate: undefined }),
    );
    expect(withoutDate.text).not.toContain('agency');
  });

  it('writes Spanish for a Spanish-speaking debtor, with local formats', () => {
    const email = renderEmail({ ...base, kind: 'final', locale: 'es-ES' });
    expect(email.subject).toContain('Último aviso');
    expect(email.subject).toContain('14 de diciembre de 2026');
    expect(flat(email.text)).toContain('129,50 GBP');
    expect(
      flat(renderEmail({ ...base, locale: 'es-ES', balance: { amount: 8400, currency: 'EUR' } }).subject),
    ).toBe('Un recordatorio amable: tiene pendiente 84,00 €');
  });

  it.each(['firm', 'final'] as const)('%s opens with a kind note about a broken promise', (kind) => {
    const en = renderEmail({ ...base, kind, brokenPromiseDate: '2026-11-30' });
    expect(en.text.split('\n')[2]).toBe(
      "You told us you would pay by 30 November 2026, but we haven't received the payment yet. If something has changed, please tell us: we can find another way forward together.",
    );
    const paragraphs = [...en.html.matchAll(/<p[^>]*>(.*?)<\/p>/g)].map((match) => match[1]);
    expect(paragraphs[0]).toBe('Hello Alex &lt;Morgan&gt;,');
    expect(paragraphs[1]).toContain('You told us you would pay by 30 November 2026');
    const es = renderEmail({ ...base, kind, locale: 'es-ES', brokenPromiseDate: '2026-11-30' });
    expect(es.text.split('\n')[2]).toMatch(/^Nos dijo que pagaría a más tardar el 30 de noviembre de 2026/);
    expect(renderEmail({ ...base, kind }).text).not.toContain('You told us');
  });

  it('offers early settlement in the final notice only when given', () => {
    const settlement = { amount: gbp(11655), validUntil: '2026-12-07' };
    const final = renderEmail({ ...base, kind: 'final', settlement });
    expect(final.text).toContain('Settle in full for less');
    expect(final.text).toContain(
      'If you pay £116.55 by 7 December 2026, instead of the full £129.50, we will treat your account as settled in full.',
    );
    const es = renderEmail({ ...base, kind: 'final', locale: 'es-ES', settlement });
    expect(flat(es.text)).toContain('Si paga 116,55 GBP a más tardar el 7 de diciembre de 2026');
    expect(renderEmail({ ...base, kind: 'final' }).text).not.toContain('Settle in full');
    expect(renderEmail({ ...base, kind: 'firm', settlement }).text).not.toContain('Settle in full');
  });
});

describe('emails: journey events say what happened', () => {
  it('acknowledges a partial payment and states the new balance', () => {
    const email = renderEmail(contextFor('partialPaymentThanks', 'en-GB', { balance: gbp(7950) }));
    expect(email.subject).toBe('Thank you for your payment of £50.00');
    expect(email.text).toContain(
      'we have received your payment of £50.00 towards invoice INV-1. Your balance is now £79.50.',
    );
    const es = renderEmail(contextFor('partialPaymentThanks', 'es-ES', { balance: gbp(7950) }));
    expect(flat(es.text)).toContain('Su saldo pendiente es ahora de 79,50 GBP.');
  });

  it('acknowledges a promise: no reminders until the date, and that is it', () => {
    const email = renderEmail(contextFor('promiseAck'));
    expect(email.subject).toBe('Thank you: no reminders until 1 December 2026');
    expect(email.text).toContain("We won't send you any reminders until then.");
    expect(email.text).toContain("that's it: your account is settled");
    expect(renderEmail(contextFor('promiseAck', 'es-ES')).subject).toBe(
      'Gracias: no le enviaremos recordatorios hasta el 1 de diciembre de 2026',
    );
  });

  it('offers plans with a link to choose one', () => {
    const email = renderEmail(
      contextFor('planOffer', 'en-GB', { actionUrl: 'https://pay.example.com/case/plan.xyz' }),
    );
    expect(email.text).toContain('Option 1: 3 instalments');
    expect(email.text).toContain('Option 2: 2 instalments');
    expect(email.text).toContain('Choose a plan: https://pay.example.com/case/plan.xyz');
    expect(email.text).toContain('See your account: https://pay.example.com/case/abc.def');
    expect(email.html).toMatch(
      /<a href="https:\/\/pay\.example\.com\/case\/plan\.xyz"[^>]*>Choose a plan<\/a>/,
    );
    expect(email.text).toContain('Instalment 3 is £43.16, so that the plan adds up exactly to the total.');
    const one = renderEmail(contextFor('planOffer', 'es-ES', { planOptions: [twoMonths] }));
    expect(one.text).toContain('2 plazos');
    expect(one.text).toContain('Aceptar este plan');
    expect(one.text).not.toContain('El plazo');
  });

  it('confirms an agreed plan, with autopay when billing collects it', () => {
    const email = renderEmail(contextFor('planAgreed'));
    expect(email.subject).toBe('Your payment plan is set up: 3 instalments');
    expect(email.text).toContain('Instalment 1, 1 December 2026: £43.17');
    expect(email.text).toContain("We'll send you a reminder a few days before each one.");
    const auto = renderEmail(contextFor('planAgreed', 'es-ES', { plan: { ...threeMonths, autopay: true } }));
    expect(auto.text).toContain('Cada plazo se cobrará automáticamente en su fecha');
  });

  it('reminds before an instalment and nudges gently after a missed one', () => {
    const reminder = renderEmail(contextFor('instalmentReminder'));
    expect(reminder.subject).toBe('Your instalment of £43.17 is due on 1 January 2027');
    expect(reminder.text).toContain(
      'instalment 2 of 3 of your payment plan, £43.17, is due on 1 January 2027',
    );
    const auto = renderEmail(
      contextFor('instalmentReminder', 'en-GB', { plan: { ...threeMonths, autopay: true } }),
    );
    expect(auto.text).toContain('It will be collected automatically on that date');
    const missed = renderEmail(contextFor('instalmentMissed', 'es-ES'));
    expect(flat(missed.subject)).toBe('No hemos recibido su plazo de 43,17 GBP');
    expect(missed.text).toContain('recordatorio amable');
    expect(renderEmail(contextFor('instalmentMissed')).text).toContain('gentle reminder');
  });

  it('ends a broken plan firmly, saying what happens next', () => {
    const email = renderEmail(contextFor('planBroken'));
    expect(email.subject).toBe('Your payment plan has ended: £129.50 is now due');
    expect(email.text).toContain('What happens next: we will send you a final notice');
    expect(renderEmail(contextFor('planBroken', 'es-ES')).text).toContain('le enviaremos un último aviso');
  });

  it('acknowledges hardship with empathy, a pause date and where to find free advice', () => {
    const email = renderEmail(contextFor('hardshipAck'));
    expect(email.subject).toBe("We've paused collection until 15 January 2027");
    expect(email.text).toContain("We're sorry things are hard at the moment");
    expect(email.text).toContain('free and confidential debt advice');
    const es = renderEmail(contextFor('hardshipAck', 'es-ES'));
    expect(es.text).toContain('Hemos pausado el cobro de su cuenta hasta el 15 de enero de 2027');
    expect(es.text).toContain('asesoramiento sobre deudas gratuitos');
  });

  it('offers a plan sized to what the debtor said after a hardship pause', () => {
    const email = renderEmail(contextFor('hardshipPlanOffer', 'en-GB', { planOptions: [threeMonths] }));
    expect(email.text).toContain('sized to what you told us you can afford (£45.00 a month)');
    expect(email.text).toContain('Accept this plan');
    expect(flat(renderEmail(contextFor('hardshipPlanOffer', 'es-ES')).text)).toContain('(45,00 GBP al mes)');
  });

  it('stops collection on a dispute and says so', () => {
    const email = renderEmail(contextFor('disputeAck'));
    expect(email.text).toContain('We have stopped collection straight away');
    expect(renderEmail(contextFor('disputeAck', 'es-ES')).text).toContain(
      'Hemos detenido el cobro de inmediato',
    );
  });

  it('closes an upheld dispute: credited, nothing to pay, no ways forward needed', () => {
    const settled = { balance: gbp(0), creditedAmount: gbp(12950) };
    const email = renderEmail(contextFor('disputeUpheld', 'en-GB', settled));
    expect(email.subject).toBe('You were right: there is nothing to pay');
    expect(email.text).toContain(
      'We have credited the amount you questioned (£129.50), so there is nothing to pay',
    );
    expect(email.text).toContain('The meter was misread.');
    expect(email.text).toContain('Balance remaining: £0.00');
    expect(email.html).not.toContain('<ul');
    expect(renderEmail(contextFor('disputeUpheld', 'es-ES', settled)).subject).toBe(
      'Tenía razón: no tiene nada que pagar',
    );
  });

  it('explains a rejected dispute respectfully, with the AR note, then the amount and options', () => {
    const email = renderEmail(contextFor('disputeRejected'));
    const text = email.text;
    expect(text.indexOf('concluded that the amount is correct')).toBeLessThan(
      text.indexOf('> The reading was confirmed.'),
    );
    expect(text.indexOf('> The reading was confirmed.')).toBeLessThan(
      text.indexOf('The balance of £129.50 is due again'),
    );
    expect(text.indexOf('The balance of £129.50 is due again')).toBeLessThan(text.indexOf('What you can do'));
    expect(email.html).toContain('<blockquote');
    expect(renderEmail(contextFor('disputeRejected', 'es-ES')).text).toContain(
      'Sabemos que no es la respuesta que esperaba',
    );
  });

  it('refuses a dispute outcome that contradicts the kind', () => {
    expect(() =>
      renderEmail(contextFor('disputeUpheld', 'en-GB', { dispute: { outcome: 'rejected' } })),
    ).toThrow(EmailContextError);
  });

  it('confirms a callback at the preferred time and pauses reminders', () => {
    const email = renderEmail(contextFor('callbackAck'));
    expect(email.subject).toBe("We'll call you: no reminders until 15 January 2027");
    expect(email.text).toContain(
      'A member of our team will call you on +44 7700 900123 at the time you asked for (weekday mornings).',
    );
    const bare = renderEmail(contextFor('callbackAck', 'es-ES', { callback: undefined }));
    expect(bare.text).toContain('Alguien de nuestro equipo le llamará.');
  });

  it('closes a credited case with nothing to pay, and keeps offering options when something is still owed', () => {
    const settled = renderEmail(contextFor('credited', 'en-GB', { balance: gbp(0) }));
    expect(settled.subject).toBe('Nothing to pay: we have credited invoice INV-1');
    expect(settled.html).not.toContain('<ul');
    const partly = renderEmail(contextFor('credited', 'es-ES'));
    expect(partly.subject).toBe('Hemos abonado parte de su saldo');
    expect(partly.html).toContain('<ul');
  });

  it('thanks with a one-question survey when there is one', () => {
    const email = renderEmail(
      contextFor('thanks', 'en-GB', { balance: gbp(0), surveyUrl: 'https://survey.example.com/q?c=1&r=2' }),
    );
    expect(email.text).toContain(
      'How did we do? Answer one quick question: https://survey.example.com/q?c=1&r=2',
    );
    expect(email.html).toContain('href="https://survey.example.com/q?c=1&amp;r=2"');
  });
});

describe('emails: who is writing, and businesses written to as accounts payable (issue 11)', () => {
  const orders = [
    { invoiceId: 'INV-7', amountDue: gbp(9950), dueDate: '2026-11-19', purchaseOrder: 'PO-4500012345' },
    { invoiceId: 'INV-8', amountDue: gbp(3000), dueDate: '2026-11-25' },
  ];
  const creditor = {
    ...base.creditor,
    remittance: 'Bank transfer to Example Energy Ltd, sort code 20-00-00',
  };

  it('gives the support hours in Spanish where the deployment wrote them in Spanish too', () => {
    const bilingual = { ...base.creditor, supportHoursEs: 'de lunes a viernes, de 9:00 a 17:00' };
    const es = renderEmail({ ...base, locale: 'es-ES', creditor: bilingual });
    const en = renderEmail({ ...base, locale: 'en-GB', creditor: bilingual });
    for (const part of [es.text, es.html]) {
      expect(part).toContain('(de lunes a viernes, de 9:00 a 17:00)');
      expect(part).not.toContain('Monday to Friday');
    }
    for (const part of [en.text, en.html]) {
      expect(part).toContain('(Monday to Friday, 9am to 5pm)');
      expect(part).not.toContain('de lunes a viernes');
    }
  });

  it('signs every email with the deployment’s creditor and how to reach a person, in both languages', () => {
    for (const locale of ['en-GB', 'es-ES']) {
      const email = renderEmail({ ...base, locale });
      for (const part of [email.text, email.html]) {
        expect(part).toContain('accounts@example.com');
        expect(part).toContain('+44 20 7946 0000');
        expect(part).toContain('Monday to Friday, 9am to 5pm');
      }
    }
    expect(renderEmail(base).text).toContain(
      'To talk to a person, write to accounts@example.com or call +44 20 7946 0000 (Monday to Friday, 9am to 5pm).',
    );
  });

  it('gives a business its purchase-order numbers and how to remit, quoting the invoice numbers', () => {
    const email = renderEmail({ ...base, kind: 'firm', business: true, invoices: orders, creditor });
    expect(email.text).toContain('Invoice INV-7 (PO number PO-4500012345): £99.50');
    expect(email.text).toContain('Invoice INV-8: £30.00');
    expect(email.text).toContain(
      'To pay: Bank transfer to Example Energy Ltd, sort code 20-00-00. Please quote the invoice numbers INV-7, INV-8 as the reference',
    );
    expect(email.html).toContain('<th style="text-align:left;padding:4px 12px 4px 0">PO number</th>');
    expect(email.html).toContain('PO-4500012345');
    // Without remittance details, it still asks for the invoice numbers.
    const plain = renderEmail({ ...base, kind: 'firm', business: true, invoices: orders });
    expect(plain.text).toContain('Please quote the invoice numbers INV-7, INV-8 with your payment');
    const es = renderEmail({
      ...base,
      kind: 'firm',
      locale: 'es-ES',
      business: true,
      invoices: orders,
      creditor,
    });
    expect(es.text).toContain('(N.º de pedido PO-4500012345)');
    expect(es.text).toContain('como referencia');
  });

  it('writes to a consumer as before: no purchase orders, no remittance block', () => {
    const email = renderEmail({ ...base, kind: 'firm', invoices: orders, creditor });
    expect(email.text).not.toContain('PO-4500012345');
    expect(email.text).not.toContain('To pay:');
    expect(email.html).not.toContain('PO number');
  });
});

describe('emails: payment plan tables', () => {
  /** Minor units from a formatted amount in a locale that writes two decimals. */
  const minor = (formatted: string) => Number(formatted.replace(/\D/g, ''));

  it.each(LOCALES)('%s: the instalments shown add up to the total shown', (locale) => {
    const odd: PlanSchedule = {
      instalments: [
        { number: 1, dueDate: '2026-12-01', amount: gbp(123_458) },
        ...[2, 3, 4, 5, 6].map((number) => ({
          number,
          dueDate: `2027-0${number - 1}-01`,
          amount: gbp(123_456),
        })),
      ],
      total: gbp(740_738),
    };
    for (const kind of ['planAgreed', 'planOffer'] as const) {
      const { text, html } = renderEmail(contextFor(kind, locale, { plan: odd, planOptions: [odd] }));
      const rows = [...text.matchAll(/^ {2}(?:Instalment|Plazo) \d+, [^:]+: (.+)$/gm)].map((m) =>
        minor(m[1] ?? ''),
      );
      const total = /^ {2}Total: (.+)$/m.exec(text)?.[1] ?? '';
      expect(rows).toHaveLength(6);
      expect(rows.reduce((a, b) => a + b, 0)).toBe(minor(total));
      expect(minor(total)).toBe(740_738);
      const cells = [...html.matchAll(/<td style="text-align:right;padding:4px 12px">([^<]+)<\/td>/g)].map(
        (m) => minor(m[1] ?? ''),
      );
      // Six instalments then the invoice line; the bold total row follows the instalments.
      expect(cells.slice(0, 6).reduce((a, b) => a + b, 0)).toBe(740_738);
      expect(html).toMatch(locale === 'en-GB' ? /£7,407\.38/ : /7407,38/);
      expect(text).toMatch(locale === 'en-GB' ? /Instalment 1 is £1,234\.58/ : /El plazo 1 es de 1234,58/);
    }
  });

  it('refuses a plan whose instalments do not add up to its total', () => {
    const wrong = { ...threeMonths, total: gbp(12951) };
    expect(() => renderEmail(contextFor('planAgreed', 'en-GB', { plan: wrong }))).toThrow(
      /add up to 12950 GBP/,
    );
    expect(() => renderEmail(contextFor('planOffer', 'en-GB', { planOptions: [] }))).toThrow(
      EmailContextError,
    );
  });
});

describe('emails: escaping', () => {
  const hostile: Partial<EmailContext> = {
    debtorName: 'Alex <Morgan>',
    creditor: {
      name: 'Example & <b>Energy</b>',
      email: 'a<b>@example.com',
      phone: '<i>1</i>',
      supportHours: '9 & 5',
      remittance: '<script>x</script>',
    },
    business: true,
    invoices: [{ invoiceId: 'INV-<i>1</i>', amountDue: gbp(12950), dueDate: '2026-11-19' }],
    accountUrl: 'https://pay.example.com/case/abc?x="><script>alert(1)</script>',
    optOutUrl: "https://pay.example.com/stop?a=1&b='2'",
    callback: { phone: '<img src=x onerror=alert(1)>', preferredTime: '"mornings" & <evenings>' },
  };

  it.each(EMAIL_KINDS)(
    '%s: escapes every value from outside in HTML, and keeps it as written in text',
    (kind) => {
      for (const locale of LOCALES) {
        const dispute =
          kind === 'disputeUpheld' || kind === 'disputeRejected'
            ? {
                dispute: {
                  outcome: kind === 'disputeUpheld' ? ('upheld' as const) : ('rejected' as const),
                  note: 'See <script>x</script>\nline two',
                },
              }
            : {};
        const { html, text, subject } = renderEmail(contextFor(kind, locale, { ...hostile, ...dispute }));
        expect(html).not.toMatch(/<script|<img|<i>|<b>|onerror=alert\(1\)>/);
        expect(html).toContain('Alex &lt;Morgan&gt;');
        expect(html).toContain('Example &amp; &lt;b&gt;Energy&lt;/b&gt;');
        expect(html).toContain('href="https://pay.example.com/case/abc?x=&quot;&gt;&lt;script&gt;');
        expect(html).toContain('href="https://pay.example.com/stop?a=1&amp;b=&#39;2&#39;"');
        expect(text).toContain('Alex <Morgan>');
        expect(text).toContain('Example & <b>Energy</b>');
        if (kind === 'callbackAck') {
          expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
          expect(html).toContain('&quot;mornings&quot; &amp; &lt;evenings&gt;');
        }
        if (kind === 'disputeRejected')
          expect(html).toContain('See &lt;script&gt;x&lt;/script&gt;<br>line two');
        expect(html).toContain(
          `<title>${subject.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')}</title>`,
        );
      }
    },
  );

  it('refuses links that are not http(s)', () => {
    expect(() => renderEmail({ ...base, accountUrl: 'javascript:alert(1)' })).toThrow(EmailContextError);
    expect(() => renderEmail({ ...base, optOutUrl: 'data:text/html,hi' })).toThrow(EmailContextError);
  });
});
