import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { owedBalance } from '../../functions/domain/case.ts';
import { statementOf } from '../../functions/domain/statement.ts';
import { PdfDocument } from '../../functions/portal/pdf.ts';
import { STATEMENT_PDF_ROUTE, statementPage, statementRows } from '../../functions/portal/statement-page.ts';
import { statementPdf } from '../../functions/portal/statement-pdf.ts';
import type { PortalView } from '../../functions/portal/view.ts';

/** Issue 16: the statement of account, from the case's timeline. */
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const timeline = [
  {
    type: 'CaseOpened',
    at: '2026-11-01T10:00:00.000Z',
    data: { invoiceId: 'INV-1', amountDue: gbp(10_000), dueDate: '2026-10-20' },
  },
  { type: 'EmailSent', at: '2026-11-01T10:05:00.000Z', data: { kind: 'friendly' } },
  {
    type: 'InvoiceAdded',
    at: '2026-11-03T09:00:00.000Z',
    data: { invoiceId: 'INV-2', amountDue: gbp(5_050), dueDate: '2026-10-28' },
  },
  {
    type: 'PaymentReceived',
    at: '2026-11-05T12:00:00.000Z',
    data: { paymentId: 'PAY-1', amount: gbp(2_500), balance: gbp(12_550) },
  },
  {
    type: 'InvoiceCancelled',
    at: '2026-11-06T12:00:00.000Z',
    data: { invoiceId: 'INV-2', credit: gbp(5_050), balance: gbp(7_500) },
  },
  {
    type: 'DisputeResolved',
    at: '2026-11-07T12:00:00.000Z',
    data: { outcome: 'upheld-in-part', credit: gbp(500) },
  },
  {
    type: 'PaymentReceived',
    at: '2026-11-08T12:00:00.000Z',
    data: { paymentId: 'PAY-2', amount: gbp(6_300), settlementCredit: gbp(700), balance: gbp(0) },
  },
];
const record = { balance: gbp(0), status: 'paid' as const };

const view = (language: 'en' | 'es'): PortalView => ({
  language,
  locale: language === 'en' ? 'en-GB' : 'es-ES',
  timeZone: 'Europe/London',
  today: '2026-11-10',
  creditorName: 'Example Energy <accounts>',
  accountPath: '/case/abc',
  currentPath: '/case/abc/statement',
});

/** Every text a PDF's (deflated) content streams show, as the reader would find it. */
function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  expect(raw.startsWith('%PDF-')).toBe(true);
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((match) => {
    const bytes = Buffer.from(match[1] ?? '', 'latin1');
    try {
      return inflateSync(bytes).toString('latin1');
    } catch {
      return bytes.toString('latin1');
    }
  });
  return streams.join('\n');
}

describe('the statement of account', () => {
  it('lists every invoice, payment and credit in time order with the balance after each, in minor units', () => {
    const statement = statementOf(record, [...timeline].reverse());
    expect(
      statement.lines.map((line) => [
        line.kind,
        line.reference ?? line.creditReason,
        line.amount,
        line.balance,
      ]),
    ).toEqual([
      ['invoice', 'INV-1', 10_000, 10_000],
      ['invoice', 'INV-2', 5_050, 15_050],
      ['payment', 'PAY-1', -2_500, 12_550],
      ['credit', 'INV-2', -5_050, 7_500],
      ['credit', 'dispute', -500, 7_000],
      ['payment', 'PAY-2', -6_300, 700],
      ['credit', 'settlement', -700, 0],
    ]);
    expect(statement.totals).toEqual({ invoiced: 15_050, paid: 8_800, credited: 6_250 });
    expect(statement.lines.at(-1)?.balance).toBe(statement.balance.amount);
    for (const line of statement.lines) expect(Number.isInteger(line.amount)).toBe(true);
  });

  it('credits an upheld dispute and a write-off with what was owed then, and owes nothing after a write-off', () => {
    const opened = timeline.slice(0, 1);
    const upheld = statementOf({ balance: gbp(0), status: 'credited' }, [
      ...opened,
      { type: 'DisputeResolved', at: '2026-11-09T00:00:00.000Z', data: { outcome: 'upheld' } },
    ]);
    expect(upheld.lines.at(-1)).toMatchObject({
      kind: 'credit',
      creditReason: 'dispute',
      amount: -10_000,
      balance: 0,
    });
    const writtenOff = statementOf({ balance: gbp(10_000), status: 'written-off' }, [
      ...opened,
      { type: 'WrittenOff', at: '2026-11-09T00:00:00.000Z', data: { balance: gbp(10_000) } },
    ]);
    expect(writtenOff.lines.at(-1)).toMatchObject({
      creditReason: 'written-off',
      amount: -10_000,
      balance: 0,
    });
    expect(writtenOff.balance).toEqual(gbp(0));
    // What a message tells the debtor too (the send gate renders with it).
    expect(owedBalance({ balance: gbp(10_000), status: 'written-off' })).toEqual(gbp(0));
    expect(owedBalance({ balance: gbp(10_000), status: 'placed' })).toEqual(gbp(10_000));
    // Issue 14: what the agency collected is a payment; a return its policy writes off, a write-off.
    const throughAgency = statementOf({ balance: gbp(6_000), status: 'written-off' }, [
      ...opened,
      {
        type: 'AgencyReported',
        at: '2026-11-09T00:00:00.000Z',
        data: { kind: 'collected', amount: gbp(4_000), balance: gbp(6_000) },
      },
      { type: 'AgencyReported', at: '2026-11-10T00:00:00.000Z', data: { kind: 'returned' } },
      {
        type: 'AgencyReported',
        at: '2026-11-11T00:00:00.000Z',
        data: { kind: 'returned', writtenOff: true, balance: gbp(6_000) },
      },
    ]);
    expect(throughAgency.lines.slice(1)).toMatchObject([
      { kind: 'payment', amount: -4_000, balance: 6_000 },
      { kind: 'credit', creditReason: 'written-off', amount: -6_000, balance: 0 },
    ]);
    // A rejected dispute credits nothing; an amount in another currency is not this case's.
    const other = statementOf({ balance: gbp(10_000), status: 'open' }, [
      ...opened,
      { type: 'DisputeResolved', at: '2026-11-09T00:00:00.000Z', data: { outcome: 'rejected' } },
      {
        type: 'PaymentReceived',
        at: '2026-11-09T01:00:00.000Z',
        data: { amount: { amount: 100, currency: 'EUR' } },
      },
    ]);
    expect(other.lines).toHaveLength(1);
  });

  it('speaks the debtor’s language, amounts and dates in their locale', () => {
    const statement = statementOf(record, timeline);
    const en = statementRows(statement, view('en'));
    expect(en.rows[0]).toEqual({
      date: '1 November 2026',
      description: 'Invoice INV-1 (due 20 October 2026)',
      amount: '£100.00',
      balance: '£100.00',
    });
    expect(en.rows[2]?.amount).toBe('-£25.00');
    expect(en.rows[4]?.description).toBe('Credit: dispute upheld');
    const es = statementRows(statement, view('es'));
    expect(es.rows[0]?.description).toBe('Factura INV-1 (vence el 20 de octubre de 2026)');
    expect(es.rows[0]?.amount).toBe('100,00\u00a0GBP');
    expect(es.rows[6]?.description).toBe('Abono: descuento por pronto pago');
    expect(es.totals.map(([label]) => label)).toEqual(['Total facturado', 'Total pagado', 'Total abonado']);
  });

  it('is a printable page with a table, the totals, the PDF link, and every value escaped', () => {
    const page = statementPage(statementOf(record, timeline), view('en'));
    expect(page).toContain('<h1>Statement of account</h1>');
    expect(page).toContain('<th scope="col" class="amount">Balance</th>');
    expect(page.match(/<tr><td>/g)).toHaveLength(7);
    expect(page).toContain(`href="/case/abc/${STATEMENT_PDF_ROUTE}?lang=en"`);
    expect(page).toContain('Example Energy &lt;accounts&gt;');
    expect(page).not.toContain('<accounts>');
    const empty = statementPage(statementOf({ balance: gbp(0), status: 'open' }, []), view('es'));
    expect(empty).toContain('Todavía no hay nada registrado en esta cuenta.');
    expect(empty).toContain('<html lang="es"');
  });

  it('is a PDF in either language with the same lines and totals', () => {
    const statement = statementOf(record, timeline);
    const account = { debtorName: 'Núria Muñoz', accountId: 'ACC-7' };
    const en = pdfText(statementPdf(statement, view('en'), account));
    expect(en).toContain('(Statement of account)');
    expect(en).toContain('(Invoice INV-1 \\(due 20 October 2026\\))');
    expect(en).toContain('(\xa3100.00)');
    expect(en).toContain('(Balance owed now)');
    expect(en).toContain('(Statement made on 10 November 2026.)');
    const es = pdfText(statementPdf(statement, view('es'), account));
    expect(es).toContain('(Extracto de cuenta)');
    expect(es).toContain('(N\xfaria Mu\xf1oz \xb7 ACC-7)');
    expect(es).toContain('(Saldo pendiente)');
    expect(es).not.toContain('(Statement of account)');
    // Many lines run onto further pages, each with the columns' header again.
    const long = statementOf({ balance: gbp(0), status: 'open' }, [
      ...Array.from({ length: 80 }, (_, index) => ({
        type: 'PaymentReceived',
        at: `2026-11-${String(1 + (index % 28)).padStart(2, '0')}T10:00:00.000Z`,
        data: { paymentId: `PAY-${index}`, amount: gbp(100) },
      })),
    ]);
    const pages = pdfText(statementPdf(long, view('en'), account));
    expect(pages.match(/\(Description\)/g)?.length).toBeGreaterThan(1);
  });
});

describe('the PDF writer', () => {
  it('writes a document a reader can open: offsets in the cross-reference table, fonts, pages, metadata', () => {
    const doc = new PdfDocument({ title: 'Extracto · Energía', author: 'Energía (SA)', language: 'es-ES' });
    doc.setFont('bold', 12);
    doc.text('Año (1) \\ £5 – “ok” €', 48, 60);
    doc.addPage();
    doc.setFont('regular', 10);
    doc.text('right', 500, 60, 'right');
    doc.line(48, 70, 547, 70);
    const bytes = Buffer.from(doc.output());
    const raw = bytes.toString('latin1');
    expect(raw.startsWith('%PDF-1.7\n')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    // Every object starts where the table says it does, and startxref points at the table.
    const tableAt = raw.lastIndexOf('\nxref\n') + 1;
    const table = raw.slice(tableAt);
    const offsets = [...table.matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(9);
    for (const [index, offset] of offsets.entries())
      expect(raw.slice(offset, offset + 12)).toMatch(new RegExp(`^${index + 1} 0 obj\\n`));
    expect(Number(raw.match(/startxref\n(\d+)/)?.[1])).toBe(tableAt);
    expect(raw).toContain('/Count 2');
    expect(raw).toContain('/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding');
    // Text in WinAnsi bytes, the delimiters escaped; what WinAnsi lacks becomes "?".
    const text = pdfText(bytes);
    expect(text).toContain('(A\xf1o \\(1\\) \\\\ \xa35 \x96 \x93ok\x94 \x80) Tj');
    const right = doc.widthOf('right');
    expect(right).toBeGreaterThan(15);
    expect(text).toContain(`${Math.round((500 - right) * 100) / 100} 781.89 Td (right) Tj`);
    expect(
      new PdfDocument({ title: '', author: '', language: 'en' }).split('a'.repeat(400), 100).length,
    ).toBeGreaterThan(1);
  });
});
