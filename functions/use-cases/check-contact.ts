import type { CaseRecord } from '../domain/case.ts';
import { type LadderRung, nextRung, policyFor } from '../domain/policy.ts';
import type { Cases, ContactRecords } from '../ports/case-store.ts';
import { type ClockConfig, contactDecisionFor, policyClockOf } from '../shared/contact-decision.ts';
import { mustGetCase } from './case-lookup.ts';

type ContactCheckPorts = { store: Pick<Cases, 'getCase'> & Pick<ContactRecords, 'contactLedger'> };

/**
 * Task "Check the contact rules": may the rung's reminder go now? `wait` until a real instant,
 * `person` when no hours are known to be safe or the address is undeliverable, otherwise on to the
 * rung (whose send decides again).
 */
export async function checkContact(
  caseId: string,
  step: string,
  ports: ContactCheckPorts,
  clock: ClockConfig,
) {
  return contactRulesFor(await mustGetCase(ports.store, caseId), step, ports, clock);
}

async function contactRulesFor(
  record: CaseRecord,
  step: string,
  { store }: ContactCheckPorts,
  clock: ClockConfig,
) {
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

/**
 * "Check the contact rules" after `rung`'s reply window ran out: the next rung of the segment's
 * ladder (policy.ts ladderOf), and the contact rules for it. Before the final notice the check for
 * signs of hardship comes first (decision `hardship`): it asks the contact rules itself, for the
 * final notice or for the supportive message.
 */
export async function checkContactAfter(
  caseId: string,
  rung: LadderRung,
  ports: ContactCheckPorts,
  clock: ClockConfig,
) {
  const record = await mustGetCase(ports.store, caseId);
  const next = nextRung(rung, policyFor(record.debtor.segment));
  if (next === 'final')
    return {
      decision: 'hardship' as const,
      until: new Date().toISOString(),
      step: next,
      reason: 'none',
      why: 'the check for signs of hardship comes before the final notice',
    };
  return contactRulesFor(record, next, ports, clock);
}
