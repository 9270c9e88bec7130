/** Keys of the single table (DESIGN §5), defined once for the handlers, the stack and the local runtime. */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  byAccountIndex: { name: 'byAccount', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  timelinePrefix: (caseId: string) => ({ pk: `CASE#${caseId}`, skPrefix: 'TIMELINE#' }),
  timelineEntry: (caseId: string, at: string, entryId: string) => ({
    pk: `CASE#${caseId}`,
    sk: `TIMELINE#${at}#${entryId}`,
  }),
  /** One per document added to the case's dispute: makes recording it idempotent. */
  document: (caseId: string, documentId: string) => ({ pk: `CASE#${caseId}`, sk: `DOCUMENT#${documentId}` }),
  /** One per account: the open case (uniqueness) and the case counter (execution names). */
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }),
  invoice: (invoiceId: string) => ({ pk: `INVOICE#${invoiceId}`, sk: 'INVOICE' }),
  payment: (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: 'PAYMENT' }),
  contactLedger: (debtorKey: string, at: string, caseId: string) => ({
    pk: `DEBTOR#${debtorKey}`,
    sk: `CONTACT#${at}#${caseId}`,
  }),
  caseByAccount: (accountId: string, openedAt: string) => ({
    gsi1pk: `ACCOUNT#${accountId}`,
    gsi1sk: `CASE#${openedAt}`,
  }),
} as const;
