import type { Cases, ContactRecords } from '../ports/case-store.ts';
import { type ClockConfig, contactDecisionFor, policyClockOf } from '../shared/contact-decision.ts';
import { mustGetCase } from './case-lookup.ts';

/**
 * Task "Check the contact rules": may the rung's reminder go now? `wait` until a real instant,
 * `person` when no hours are known to be safe or the address is undeliverable, otherwise on to the rung (whose send decides again).
 */
export async function checkContact(
  caseId: string,
  step: string,
  { store }: { store: Pick<Cases, 'getCase'> & Pick<ContactRecords, 'contactLedger'> },
  clock: ClockConfig,
) {
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  const ledger = await store.contactLedger(record.debtor.email);
  const decision = contactDecisionFor(record, ledger, 'collection', policyClockOf(clock), now);
  return {
    decision: decision.decision,
    // Always present, so the state machine's ResultSelector finds it.
    until: (decision.decision === 'wait' ? decision.until : now).toISOString(),
    step,
    reason: decision.decision === 'person' ? decision.followUp : 'none',
    why: decision.decision === 'send' ? 'may write now' : decision.reason,
  };
}
