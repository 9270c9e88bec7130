import { formatDate } from '../domain/dates.ts';
import type { Statement } from '../domain/statement.ts';
import { words } from '../i18n/catalogue.ts';
import { PdfDocument } from './pdf.ts';
import { statementRows } from './statement-page.ts';
import type { PortalView } from './view.ts';

/**
 * The statement of account as a PDF (issue 16), through the project's small PDF writer (pdf.ts): A4,
 * the standard Helvetica (its WinAnsi encoding covers English and Spanish, £, € and ñ), the same
 * lines and totals as the printable page, in the debtor's language, paged with the header repeated.
 * Pure: bytes out.
 */
const PAGE = { width: 595.28, height: 841.89, margin: 48 } as const;
const COLUMNS = {
  date: PAGE.margin,
  description: 140,
  amountRight: 455,
  balanceRight: PAGE.width - PAGE.margin,
};
const LINE = 16;

export function statementPdf(
  statement: Statement,
  view: Pick<PortalView, 'language' | 'locale' | 'timeZone' | 'today' | 'creditorName'>,
  account: { debtorName: string; accountId: string },
): Uint8Array {
  const w = words(view.language).account.statement;
  const { rows, totals, owedNow } = statementRows(statement, view);
  const doc = new PdfDocument(
    {
      title: `${w.title} · ${view.creditorName}`,
      author: view.creditorName,
      language: view.language === 'es' ? 'es-ES' : 'en-GB',
    },
    PAGE.width,
    PAGE.height,
  );
  const text = (value: string, x: number, y: number, align: 'left' | 'right' = 'left') =>
    doc.text(value, x, y, align);

  let y = PAGE.margin;
  const heading = () => {
    doc.setFont('bold', 9);
    text(w.date, COLUMNS.date, y);
    text(w.description, COLUMNS.description, y);
    text(w.amount, COLUMNS.amountRight, y, 'right');
    text(w.balance, COLUMNS.balanceRight, y, 'right');
    doc.line(PAGE.margin, y + 4, PAGE.width - PAGE.margin, y + 4, 0.5);
    y += LINE;
    doc.setFont('regular');
  };
  const room = (needed: number) => {
    if (y + needed <= PAGE.height - PAGE.margin) return;
    doc.addPage();
    y = PAGE.margin;
    heading();
  };

  doc.setFont('bold', 16);
  text(w.title, PAGE.margin, y);
  y += LINE * 1.5;
  doc.setFont('regular', 10);
  text(view.creditorName, PAGE.margin, y);
  y += LINE;
  text(`${account.debtorName} · ${account.accountId}`, PAGE.margin, y);
  y += LINE;
  for (const line of doc.split(w.intro(view.creditorName), PAGE.width - 2 * PAGE.margin)) {
    text(line, PAGE.margin, y);
    y += LINE;
  }
  y += LINE / 2;

  if (rows.length === 0) {
    text(w.empty, PAGE.margin, y);
    y += LINE;
  } else {
    heading();
    doc.setFont('regular', 9);
    const descriptionWidth = COLUMNS.amountRight - 80 - COLUMNS.description;
    for (const row of rows) {
      const description = doc.split(row.description, descriptionWidth);
      room(description.length * 12 + 4);
      text(row.date, COLUMNS.date, y);
      for (const [index, part] of description.entries()) text(part, COLUMNS.description, y + index * 12);
      text(row.amount, COLUMNS.amountRight, y, 'right');
      text(row.balance, COLUMNS.balanceRight, y, 'right');
      y += Math.max(1, description.length) * 12 + 4;
    }
    y += LINE / 2;
    room(LINE * (totals.length + 2));
    doc.setFont('regular', 10);
    for (const [label, value] of totals) {
      text(label, COLUMNS.description, y);
      text(value, COLUMNS.balanceRight, y, 'right');
      y += LINE;
    }
  }
  room(LINE * 2);
  doc.setFont('bold', 11);
  text(w.owedNow, COLUMNS.description, y);
  text(owedNow, COLUMNS.balanceRight, y, 'right');
  y += LINE * 2;
  doc.setFont('regular', 8);
  room(LINE);
  text(w.made(formatDate(view.today, view.locale)), PAGE.margin, y);
  return doc.output();
}
