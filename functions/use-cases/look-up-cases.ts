import type { CaseRecord } from '../domain/case.ts';
import type { CaseLookups, Cases, TimelineEntry } from '../ports/case-store.ts';

/** What an operator typed: an account id, an invoice id, an email address, or a case id. */
export type CaseQuery = string;
export type MatchedBy = 'case' | 'account' | 'invoice' | 'email';
export type FoundCase = { matchedBy: MatchedBy; record: CaseRecord; timeline: TimelineEntry[] };

export class InvalidCaseQueryError extends Error {
  override name = 'InvalidCaseQueryError';
}

const MAX_QUERY_LENGTH = 256;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Finds the cases an operator asks for (the ops CLI's `case`): an email address finds the debtor's
 * cases; anything else is tried as an invoice id, an account id and a case id, since billing's ids
 * may look alike. Each case comes once, with what matched it and its timeline, newest case first.
 */
export async function lookUpCases(
  ports: { lookups: CaseLookups; cases: Pick<Cases, 'getCase' | 'timeline'> },
  query: CaseQuery,
): Promise<FoundCase[]> {
  const text = query.trim();
  if (text.length === 0 || text.length > MAX_QUERY_LENGTH || CONTROL.test(text))
    throw new InvalidCaseQueryError(
      `"${query.slice(0, 40)}" is not an account id, an invoice id or an email address`,
    );
  const candidates: [MatchedBy, string][] = [];
  if (text.includes('@')) {
    for (const caseId of await ports.lookups.casesOfDebtor(text)) candidates.push(['email', caseId]);
  } else {
    const [ofInvoice, ofAccount] = await Promise.all([
      ports.lookups.caseOfInvoice(text),
      ports.lookups.casesOfAccount(text),
    ]);
    if (ofInvoice) candidates.push(['invoice', ofInvoice]);
    for (const caseId of ofAccount) candidates.push(['account', caseId]);
    candidates.push(['case', text]);
  }
  const found: FoundCase[] = [];
  const seen = new Set<string>();
  for (const [matchedBy, caseId] of candidates) {
    if (seen.has(caseId)) continue;
    seen.add(caseId);
    const record = await ports.cases.getCase(caseId);
    if (!record) continue;
    const timeline = (await ports.cases.timeline(caseId)).map(({ type, at, entryId, data }) => ({
      type,
      at,
      entryId,
      ...(data ? { data } : {}),
    }));
    found.push({ matchedBy, record, timeline });
  }
  return found.sort((a, b) => b.record.openedAt.localeCompare(a.record.openedAt));
}
