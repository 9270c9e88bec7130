import type { Replies } from '../ports/case-store.ts';
import type { Workflow } from '../ports/effects.ts';
import { takeTurn } from './replies.ts';

/**
 * Task "Pause collection and wait": keeps the token so a payment, a resolution or a resume event
 * can end the pause early (or answers at once when a reply was already waiting). Task "Wait for a
 * person to act" (`forPerson`, issue 12): the same, on a case held for a person; a staff action
 * answers the token. Task "Wait while the agency works the case" (`placed`, issue 14): a report or a
 * recall answers it.
 */
export function holdCase(
  turn: {
    caseId: string;
    taskToken: string;
    waitingState: string;
    /** The status the case must have to wait here: open (a pause), held for a person, placed (issue 14). */
    status?: 'held-for-person' | 'placed';
  },
  ports: { store: Pick<Replies, 'claimTurn' | 'clearPendingReply'>; workflow: Pick<Workflow, 'answer'> },
): Promise<boolean> {
  const { status, ...rest } = turn;
  return takeTurn(ports, { ...rest, ...(status ? { status } : {}) });
}
