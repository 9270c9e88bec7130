import type { CaseRecord } from '../domain/case.ts';
import type { Cases } from '../ports/case-store.ts';

/** The case a workflow task names: it must exist (the workflow was started for it). */
export async function mustGetCase(store: Pick<Cases, 'getCase'>, caseId: string): Promise<CaseRecord> {
  const record = await store.getCase(caseId);
  if (!record) throw new Error(`Case ${caseId} does not exist`);
  return record;
}
