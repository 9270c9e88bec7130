import type { Replies } from '../ports/case-store.ts';
import type { Workflow } from '../ports/effects.ts';
import { takeTurn } from './replies.ts';

/**
 * Task "Pause collection and wait": keeps the token so a payment, a resolution or a resume event
 * can end the pause early (or answers at once when a reply was already waiting). Task "Wait for a
 * person to act" (`forPerson`, issue 12): the same, on a case held for a person; a staff action
 * answers the token.
 */
export function holdCase(
  turn: { caseId: string; taskToken: string; waitingState: string; forPerson?: boolean },
  ports: { store: Pick<Replies, 'claimTurn' | 'clearPendingReply'>; workflow: Pick<Workflow, 'answer'> },
): Promise<boolean> {
  return takeTurn(ports, turn);
}
