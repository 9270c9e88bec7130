import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays } from '../../functions/domain/dates.ts';
import {
  BillingDetailType,
  confirmation,
  eventually,
  linkIn,
  overdueInvoice,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 2 s: the friendly reminder waits 14 s for a reply, long enough for each story.
const runtime = useTestRuntime(2);

const today = () => new Date().toISOString().slice(0, 10);
const page = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, html: await response.text() };
};
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const post = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('the account page and its history', () => {
  it('shows where the case stands, links each invoice document, and lists every message and action newest first', async () => {
    const email = 'portal-history@example.com';
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...overdueInvoice({ accountId: 'ACC-PH', invoiceId: 'PH-1', email }),
      invoiceUrl: 'https://billing.example.com/invoices/PH-1.pdf',
    });
    const link = linkIn(await runtime().emailWith(email, /friendly reminder/));
    await eventually('the workflow waiting for a reply', async () =>
      (await runtime().transitions('ACC-PH-case-1')).includes('Send friendly reminder and wait for reply'),
    );

    const account = await page(link);
    expect(account.status).toBe(200);
    expect(account.html).toContain('is writing to you about invoice PH-1, which is overdue.');
    expect(account.html).toContain('<p class="status">We are waiting for your payment.</p>');
    expect(account.html).toContain('href="https://billing.example.com/invoices/PH-1.pdf"');
    expect(account.html).toContain('href="https://billing.example.com/pay/PH-1"');
    expect(account.html).toMatch(/href="\/case\/[^"]+\/history\?lang=en">History<\/a>/);

    const date = addDays(today(), 5);
    const done = await confirmation(await submitForm(link, 'promise', { date }));
    expect(done).toContain('We have paused reminders');
    expect(done).toMatch(/It now appears in your <a href="[^"]+\/history\?lang=en">History<\/a>\./);
    expect((await page(link)).html).toMatch(
      /You told us you will pay by .+, so we have paused reminders until/,
    );

    const history = await eventually('the acknowledgement in the history', async () => {
      const html = (await page(`${link}/history`)).html;
      return html.includes('Your promise to pay, confirmed') && html;
    });
    const order = [
      'Email: Your promise to pay, confirmed',
      'You promised to pay by',
      'Email: Your first reminder (subject “A friendly reminder',
      'Invoice PH-1 (£129.50) was overdue',
    ].map((text) => history.indexOf(text));
    expect(order.every((index) => index > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(history).toContain('<h1>History</h1>');
  }, 30_000);
});

describe('after the case is paid', () => {
  it('the link opens a thank-you page with the survey; one answer is recorded and announced, and other actions are closed', async () => {
    const email = 'portal-survey@example.com';
    const link = await runtime().caseWithReminder('ACC-SV', email);
    await runtime().pay('ACC-SV', 'PAY-SV', 10_000);
    const thanks = await runtime().emailWith(email, /your account is paid/);
    expect(thanks.body.text).toMatch(
      /How did we do\? Answer one quick question: http:\/\/127\.0\.0\.1:\d+\/case\/\S+\/survey/,
    );
    await eventually('the case closed', async () => (await page(link)).html.includes('How did we do?'));

    const closed = await page(link);
    expect(closed.html).toContain('Paid in full — thank you.');
    expect(closed.html).not.toContain('Pay now');

    // No score: the form comes back with the summary and the comment kept; nothing is written.
    const invalid = await post(`${link}/survey?lang=en`, { csrf: csrfIn(closed.html), comment: 'Fair' });
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('<title>Error: Thank you');
    expect(invalidHtml).toContain('<a href="#score-1">Choose a number from 1 to 5.</a>');
    expect(invalidHtml).toContain('>Fair</textarea>');
    await runtime().outboxSettled();
    expect(runtime().eventsOf('SurveyAnswered', 'ACC-SV-1')).toEqual([]);

    const done = await confirmation(
      await post(`${link}/survey?lang=en`, { csrf: csrfIn(closed.html), score: '5', comment: 'Very fair' }),
    );
    expect(done).toContain('It now appears in your History.');
    // Announced through the outbox, a moment later.
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.surveyAnswered, 'ACC-SV-1')).toEqual([
      expect.objectContaining({ caseId: 'ACC-SV-1', accountId: 'ACC-SV', score: 5, comment: 'Very fair' }),
    ]);
    expect((await page(`${link}/history`)).html).toContain(
      'You answered our survey (5 out of 5). Thank you.',
    );

    // A second answer changes nothing.
    const again = await post(`${link}/survey`, { csrf: csrfIn(closed.html), score: '1' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You have already answered');
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.surveyAnswered, 'ACC-SV-1')).toHaveLength(1);
    expect((await page(link)).html).toContain('You have already answered');

    // Every other action is closed, even with a genuine token.
    const promise = await page(`${link}/promise`);
    expect(promise.html).toContain('this account is no longer being collected');
    expect(promise.html).not.toContain('<form');
    const refused = await post(`${link}/promise`, { csrf: csrfIn(closed.html), date: addDays(today(), 3) });
    expect(refused.status).toBe(409);
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.promiseMade, 'ACC-SV-1')).toEqual([]);
  }, 30_000);

  it('a case still open has no survey to answer', async () => {
    const link = await runtime().caseWithReminder('ACC-SV-OPEN', 'portal-survey-open@example.com');
    const form = await page(link);
    expect((await page(`${link}/survey`)).html).toContain('once your account is settled');
    const response = await post(`${link}/survey`, {
      csrf: csrfIn(await (await fetch(`${link}/promise`)).text()),
      score: '4',
    });
    expect(response.status).toBe(409);
    expect(form.html).not.toContain('How did we do?');
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.surveyAnswered, 'ACC-SV-OPEN-1')).toEqual([]);
  }, 30_000);
});

describe('the language switch', () => {
  it('keeps Spanish across a form, its error re-render and its confirmation, for an English-speaking debtor', async () => {
    const link = await runtime().caseWithReminder('ACC-LANG', 'portal-lang@example.com');
    const english = await page(link);
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toMatch(/<a href="\/case\/[^"]+\?lang=es" lang="es" hreflang="es">Español<\/a>/);

    const account = await page(`${link}?lang=es`);
    expect(account.html).toContain('<html lang="es">');
    expect(account.html).toContain('Pagar ahora');
    expect(account.html).toMatch(
      /href="\/case\/[^"]+\/promise\?lang=es">Comprometerse a una fecha de pago<\/a>/,
    );

    const form = await page(`${link}/promise?lang=es`);
    expect(form.html).toMatch(/<form method="post" action="\/case\/[^"]+\/promise\?lang=es" novalidate>/);
    const invalid = await post(`${link}/promise?lang=es`, { csrf: csrfIn(form.html), date: 'pronto' });
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('<html lang="es">');
    expect(invalidHtml).toContain('<title>Error: Comprometerse a una fecha de pago</title>');
    expect(invalidHtml).toContain('<a href="#date">Escriba la fecha como año, mes y día');
    expect(invalidHtml).toContain('value="pronto"');

    const valid = await post(`${link}/promise?lang=es`, {
      csrf: csrfIn(form.html),
      date: addDays(today(), 4),
    });
    expect(valid.headers.get('location')).toMatch(/\/promise\?done&lang=es$/);
    const done = await confirmation(valid);
    expect(done).toContain('<html lang="es">');
    expect(done).toContain('Hemos pausado los recordatorios');
    expect(done).toContain('Ya aparece en su');

    const history = await page(`${link}/history?lang=es`);
    expect(history.html).toContain('<h1>Historial</h1>');
    expect(history.html).toContain('Se comprometió a pagar antes del');
    // Without the switch the debtor's own language is back.
    expect((await page(`${link}/history`)).html).toContain('<h1>History</h1>');
  }, 30_000);

  it('the page for a bad link speaks the browser’s language, and switches too', async () => {
    const response = await fetch(`${runtime().endpoints.portal}/case/nope`, {
      headers: { 'accept-language': 'es-ES,es;q=0.9' },
    });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Este enlace no funciona');
    expect(html).toContain('href="?lang=en"');
    expect((await page(`${runtime().endpoints.portal}/case/nope?lang=en`)).html).toContain(
      'This link does not work',
    );
  });
});
