import type { Money } from '../domain/money.ts';
import type { QueueName, QueueSummary } from '../domain/queues.ts';
import type { StaffMember } from '../domain/staff.ts';

/**
 * The staff console's ports (issue 12): who a member of staff is (the user pool), and the work
 * queues (one Query each on the byQueue index).
 */

export type SignInOutcome =
  | { outcome: 'signed-in'; idToken: string; expiresInSeconds: number; refreshToken?: string }
  /** The pool asks for a second factor (TOTP in the deployed pool), or for one to be set up first. */
  | { outcome: 'challenge'; challenge: string; session: string }
  | { outcome: 'refused' };

export interface StaffIdentity {
  /** Email and password, checked by the user pool (USER_PASSWORD_AUTH). */
  signIn(email: string, password: string): Promise<SignInOutcome>;
  /** The TOTP code for a pending SOFTWARE_TOKEN_MFA challenge. */
  answerTotp(email: string, code: string, session: string): Promise<SignInOutcome>;
  /** An MFA_SETUP challenge (a first sign-in): the authenticator's secret to add, and the next session. */
  beginTotpSetup(session: string): Promise<{ secret: string; session: string } | undefined>;
  /** The authenticator's first code verifies it and answers the MFA_SETUP challenge. */
  finishTotpSetup(email: string, code: string, session: string): Promise<SignInOutcome>;
  /** A new ID token for a refresh token (REFRESH_TOKEN_AUTH); undefined when the pool refuses it (revoked, expired). */
  refresh(refreshToken: string): Promise<{ idToken: string; expiresInSeconds: number } | undefined>;
  /** Revokes a refresh token (RevokeToken) and the tokens it gave; a token already refused is no error. */
  revoke(refreshToken: string): Promise<void>;
  /** The member of staff an ID token names: signature (the pool's JWKS), issuer, audience, expiry and role checked. */
  verify(idToken: string): Promise<StaffMember | undefined>;
}

/** One row of a queue, from the index alone. */
export type QueueRow = { caseId: string; accountId: string; since: string; summary: QueueSummary };

export interface WorkQueues {
  /** The oldest cases of a queue first, at most `limit`. */
  queue(name: QueueName, limit: number): Promise<QueueRow[]>;
  /** How many cases a queue holds. */
  count(name: QueueName): Promise<number>;
}

export type { Money };
