import { describe, expect, it } from 'vitest';
import { type EmailContext, type EmailKind, renderEmail } from '../../functions/domain/emails.ts';

const base: EmailContext = {
  kind: 'friendly',
  debtorName: 'Alex <Morgan>',
  creditorName: 'Example Energy accounts team',
  locale: 'en-GB',
  balance: { amount: 12950, currency: 'GBP' },
  invoices: [{ invoiceId: 'INV-1', amountDue: { amount: 12950, currency: 'GBP' }, dueDate: '2026-11-19' }],
  accountUrl: 'https://pay.example.com/case/abc.def',
  agencyReferralDate: '2026-12-14',
};

const KINDS: EmailKind[] = ['friendly', 'firm', 'final', 'placed', 'thanks'];

describe('emails', () => {
  it.each(KINDS)(
    '%s: says who is writing, what is owed, and how to stop the emails, in both parts',
    (kind) => {
      for (const locale of ['en-GB', 'es-ES']) {
        const email = renderEmail({ ...base, kind, locale });
        for (const part of [email.text, email.html]) {
          expect(part).toContain('Example Energy accounts team');
          expect(part).toMatch(/129[.,]50/);
          expect(part).toContain('https://pay.example.com/case/abc.def');
          expect(part).toMatch(/stop/i);
        }
      }
    },
  );

  it.each(['friendly', 'firm', 'final'] as const)('%s: offers every way forward', (kind) => {
    const { text } = renderEmail({ ...base, kind });
    expect(text).toMatch(/pay/i);
    expect(text).toMatch(/payment plan/);
    expect(text).toMatch(/hard time/);
    expect(text).toMatch(/wrong/);
    expect(text).toMatch(/talk to a person/);
  });

  it('grows firmer step by step without threats', () => {
    expect(renderEmail({ ...base, kind: 'friendly' }).subject).toMatch(/friendly reminder/i);
    expect(renderEmail({ ...base, kind: 'firm' }).subject).toMatch(/still unpaid/);
    const final = renderEmail({ ...base, kind: 'final' });
    expect(final.subject).toContain('14 December 2026');
    expect(final.text).toContain('collection agency');
  });

  it('writes Spanish for a Spanish-speaking debtor, with local formats', () => {
    const email = renderEmail({ ...base, kind: 'final', locale: 'es-ES' });
    expect(email.subject).toContain('Último aviso');
    expect(email.subject).toContain('14 de diciembre de 2026');
    expect(email.text.replace(/\s/g, ' ')).toContain('129,50 GBP');
  });

  it('escapes what billing sent before putting it in HTML', () => {
    const { html, text } = renderEmail(base);
    expect(html).toContain('Alex &lt;Morgan&gt;');
    expect(html).not.toContain('<Morgan>');
    expect(text).toContain('Alex <Morgan>');
  });
});
