import { staffPaths } from '../contract/routes.ts';
import type { CaseRecord } from '../domain/case.ts';
import { mayRecordCommitment } from '../domain/staff.ts';
import { type CommitmentState, commitmentForms } from './commitment-forms.ts';
import { type StaffView, staffHref } from './layout.ts';
import { type CasePageInput, casePage, type FormState } from './pages.ts';

/** The execution in the Step Functions console, in the execution's own region. */
export function executionConsoleUrl(executionArn: string): string {
  const region = executionArn.split(':')[3] ?? 'us-east-1';
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${encodeURIComponent(executionArn)}`;
}

/**
 * The case page from the case and its timeline as read: its documents' links, the execution's, the
 * phone commitments' forms for a role that may record one, and a form sent back with its problems.
 * The console's and the staff functions' own (staffTexts) alike, so a refused form looks the same.
 */
export function casePageOf(
  view: StaffView,
  record: CaseRecord,
  timeline: CasePageInput['timeline'],
  options: { done?: boolean; form?: FormState; commitment?: CommitmentState | undefined; now?: Date },
): string {
  const documents = (record.disputeDocuments ?? []).map((doc) => ({
    documentId: doc.documentId,
    displayName: doc.displayName,
    href: staffHref(view, staffPaths.document(record.caseId, doc.documentId)),
  }));
  return casePage(view, {
    record,
    timeline,
    documents,
    ...(record.executionArn ? { executionUrl: executionConsoleUrl(record.executionArn) } : {}),
    ...(options.form ? { form: options.form } : {}),
    ...(options.done ? { done: true } : {}),
    ...(view.member && mayRecordCommitment(view.member.role)
      ? { phoneForms: commitmentForms(view, record, options.now ?? new Date(), options.commitment) }
      : {}),
  });
}
