import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import type { CaseLookups, TimelineEntry } from '../../functions/ports/case-store.ts';
import { InvalidCaseQueryError, lookUpCases } from '../../functions/use-cases/look-up-cases.ts';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const caseOf = (accountId: string, n: number, email: string, invoiceIds: string[]): CaseRecord => ({
  caseId: `${accountId}-${n}`,
  accountId,
  caseNumber: n,
  status: n === 1 ? 'paid' : 'open',
  balance: gbp(1000),
  invoices: invoiceIds.map((invoiceId) => ({ invoiceId, amountDue: gbp(1000), dueDate: '2026-11-01' })),
  debtor: { name: 'Ana Ruiz', email, locale: 'en', timeZone: 'UTC', segment: 'consumer' },
  openedAt: `2026-1${n}-05T10:00:00.000Z`,
  executionName: `${accountId}-case-${n}`,
  version: 1,
});

const records = [
  caseOf('ACC-1', 1, 'ana@example.com', ['INV-1']),
  caseOf('ACC-1', 2, 'ana@example.com', ['INV-2', 'INV-3']),
  caseOf('ACC-2', 1, 'Bo@Example.com', ['ACC-1-1']),
];
const timeline: (TimelineEntry & { caseId: string })[] = [
  { caseId: 'ACC-1-2', type: 'CaseOpened', at: '2026-12-05T10:00:00.000Z', entryId: 'invoice-INV-2' },
  { caseId: 'ACC-1-2', type: 'InvoiceAdded', at: '2026-12-06T10:00:00.000Z', entryId: 'invoice-INV-3' },
];
const lookups: CaseLookups = {
  casesOfAccount: async (accountId) =>
    records.filter((record) => record.accountId === accountId).map((record) => record.caseId),
  caseOfInvoice: async (invoiceId) =>
    records.find((record) => record.invoices.some((invoice) => invoice.invoiceId === invoiceId))?.caseId,
  casesOfDebtor: async (email) =>
    records
      .filter((record) => record.debtor.email.toLowerCase() === email.trim().toLowerCase())
      .map((record) => record.caseId),
};
const ports = {
  lookups,
  cases: {
    getCase: async (caseId: string) => records.find((record) => record.caseId === caseId),
    timeline: async (caseId: string) => timeline.filter((entry) => entry.caseId === caseId),
  },
};
const found = async (query: string) =>
  (await lookUpCases(ports, query)).map((hit) => [hit.matchedBy, hit.record.caseId]);

describe('an operator looks a case up (npm run ops -- case)', () => {
  it('finds an account’s cases, newest first, with their timelines', async () => {
    expect(await found('ACC-1')).toEqual([
      ['account', 'ACC-1-2'],
      ['account', 'ACC-1-1'],
    ]);
    const [newest] = await lookUpCases(ports, 'ACC-1');
    expect(newest?.timeline.map((entry) => entry.type)).toEqual(['CaseOpened', 'InvoiceAdded']);
    expect(newest?.timeline[0]).not.toHaveProperty('caseId');
  });

  it('finds the case of an invoice, and says so when an id is both an invoice and an account', async () => {
    expect(await found('INV-3')).toEqual([['invoice', 'ACC-1-2']]);
    // ACC-2's invoice is called "ACC-1-1", like ACC-1's first case: both readings come back.
    expect(await found('ACC-1-1')).toEqual([
      ['invoice', 'ACC-2-1'],
      ['case', 'ACC-1-1'],
    ]);
    expect(await found(' ACC-1 ')).toEqual(await found('ACC-1'));
  });

  it('finds a debtor’s cases by email, and a case by its id', async () => {
    expect(await found('bo@example.com')).toEqual([['email', 'ACC-2-1']]);
    expect(await found('ACC-1-2')).toEqual([['case', 'ACC-1-2']]);
    expect(await found('nobody@example.com')).toEqual([]);
    expect(await found('NO-SUCH')).toEqual([]);
  });

  it('refuses an empty, overlong or control-character query as bad input', async () => {
    for (const bad of ['', '   ', 'x'.repeat(257), 'ACC\n1'])
      await expect(lookUpCases(ports, bad)).rejects.toBeInstanceOf(InvalidCaseQueryError);
  });
});
