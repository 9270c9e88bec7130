import { type CaseRecord, owedBalance } from './case.ts';
import type { Money } from './money.ts';

/**
 * The statement of account (issue 16), pure: every invoice, payment and credit of the case from its
 * timeline, oldest first, each with the balance it left, in integer minor units of the case's
 * currency. The closing balance is the case's own.
 */
export type StatementLineKind = 'invoice' | 'payment' | 'credit';
/** Why a credit was given, for its words. */
export type CreditReason = 'invoice-cancelled' | 'dispute' | 'settlement' | 'written-off';

export type StatementLine = {
  /** When it was recorded (an ISO instant; a payment's own `paidAt` when billing sent one). */
  at: string;
  kind: StatementLineKind;
  /** The invoice or payment id it concerns, when it has one. */
  reference?: string;
  creditReason?: CreditReason;
  /** The invoice's due date (invoices only). */
  dueDate?: string;
  /** Minor units: positive for what is owed (an invoice), negative for a payment or credit. */
  amount: number;
  /** The balance after it, in minor units. */
  balance: number;
};

export type Statement = {
  currency: string;
  lines: StatementLine[];
  totals: { invoiced: number; paid: number; credited: number };
  /** What is owed now (the case's balance). */
  balance: Money;
};

type Entry = { type: string; at: string; data?: Record<string, unknown> };

const minorOf = (value: unknown, currency: string): number | undefined => {
  const money = value as Partial<Money> | undefined;
  if (typeof money?.amount !== 'number' || !Number.isInteger(money.amount)) return undefined;
  // Amounts in another currency than the case's are not on its statement (billing never sends them).
  return money.currency === undefined || money.currency === currency ? money.amount : undefined;
};
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** The statement of a case from its timeline entries (any order; sorted by time, written order kept). */
export function statementOf(
  record: Pick<CaseRecord, 'balance' | 'status'>,
  entries: readonly Entry[],
): Statement {
  const currency = record.balance.currency;
  const lines: StatementLine[] = [];
  let balance = 0;
  const add = (line: Omit<StatementLine, 'balance'>) => {
    if (line.amount === 0) return;
    balance += line.amount;
    lines.push({ ...line, balance });
  };
  const ordered = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at === b.entry.at ? a.index - b.index : a.entry.at < b.entry.at ? -1 : 1))
    .map(({ entry }) => entry);
  for (const entry of ordered) {
    const data = entry.data ?? {};
    switch (entry.type) {
      case 'CaseOpened':
      case 'InvoiceAdded': {
        const amount = minorOf(data.amountDue, currency);
        if (amount === undefined) break;
        const dueDate = text(data.dueDate);
        const reference = text(data.invoiceId);
        add({
          at: entry.at,
          kind: 'invoice',
          amount,
          ...(reference ? { reference } : {}),
          ...(dueDate ? { dueDate } : {}),
        });
        break;
      }
      case 'PaymentReceived': {
        const amount = minorOf(data.amount, currency);
        const reference = text(data.paymentId);
        if (amount !== undefined)
          add({ at: entry.at, kind: 'payment', amount: -amount, ...(reference ? { reference } : {}) });
        const settlement = minorOf(data.settlementCredit, currency);
        if (settlement !== undefined)
          add({ at: entry.at, kind: 'credit', creditReason: 'settlement', amount: -settlement });
        break;
      }
      case 'InvoiceCancelled': {
        const credit = minorOf(data.credit, currency);
        const reference = text(data.invoiceId);
        if (credit !== undefined)
          add({
            at: entry.at,
            kind: 'credit',
            creditReason: 'invoice-cancelled',
            amount: -credit,
            ...(reference ? { reference } : {}),
          });
        break;
      }
      case 'DisputeResolved': {
        // Upheld credits what was owed; upheld in part, the amount decided.
        const credit =
          data.outcome === 'upheld'
            ? Math.max(0, balance)
            : data.outcome === 'upheld-in-part'
              ? minorOf(data.credit, currency)
              : undefined;
        if (credit !== undefined)
          add({ at: entry.at, kind: 'credit', creditReason: 'dispute', amount: -credit });
        break;
      }
      case 'WrittenOff':
        add({ at: entry.at, kind: 'credit', creditReason: 'written-off', amount: -Math.max(0, balance) });
        break;
      // Issue 14: what the agency collected is a payment; a return its policy writes off, a write-off.
      case 'AgencyReported': {
        if (data.kind === 'collected') {
          const amount = minorOf(data.amount, currency);
          if (amount !== undefined) add({ at: entry.at, kind: 'payment', amount: -amount });
        } else if (data.kind === 'returned' && data.writtenOff === true)
          add({ at: entry.at, kind: 'credit', creditReason: 'written-off', amount: -Math.max(0, balance) });
        break;
      }
    }
  }
  const sum = (kind: StatementLineKind) =>
    lines.filter((line) => line.kind === kind).reduce((total, line) => total + Math.abs(line.amount), 0);
  return {
    currency,
    lines,
    totals: { invoiced: sum('invoice'), paid: sum('payment'), credited: sum('credit') },
    // A written-off balance is owed no more (the case keeps the figure it was written off at).
    balance: owedBalance(record),
  };
}
