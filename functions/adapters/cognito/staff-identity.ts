import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { roleOf } from '../../domain/staff.ts';
import type { SignInOutcome, StaffIdentity } from '../../ports/staff.ts';

/** How long a JWKS fetch may take before the request fails closed. */
const JWKS_TIMEOUT_MS = 3000;

/**
 * aws-jwt-verify's default fetcher speaks HTTPS only; the pool's JWKS is HTTPS in AWS and plain
 * HTTP on cognito-local. Node's fetch reads both; the verifier still caches the keys and refetches
 * only for an unknown key id (rate-limited by its penalty box).
 */
const jwksFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`JWKS ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

/** Errors by which the pool refuses a sign-in (cognito-local says InvalidPasswordException for a wrong password). */
const REFUSALS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'InvalidPasswordException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'CodeMismatchException',
  'ExpiredCodeException',
]);

/**
 * The staff user pool (the port: ports/staff.ts `StaffIdentity`): sign-in with USER_PASSWORD_AUTH
 * from the server, and every request's ID token verified against the pool's JWKS (aws-jwt-verify,
 * with the issuer given: cognito-idp's in AWS, cognito-local's locally).
 */
export function cognitoStaffIdentity(config: { issuer: string; clientId: string }): StaffIdentity {
  const client = new CognitoIdentityProviderClient({});
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      audience: config.clientId,
      jwksUri: `${config.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('Not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  );

  async function outcomeOf(call: () => Promise<InitiateAuthCommandOutput>): Promise<SignInOutcome> {
    try {
      const out = await call();
      const idToken = out.AuthenticationResult?.IdToken;
      if (idToken) {
        return {
          outcome: 'signed-in',
          idToken,
          expiresInSeconds: out.AuthenticationResult?.ExpiresIn ?? 3600,
        };
      }
      if (out.ChallengeName && out.Session)
        return { outcome: 'challenge', challenge: out.ChallengeName, session: out.Session };
      return { outcome: 'refused' };
    } catch (error) {
      if (error instanceof Error && REFUSALS.has(error.name)) return { outcome: 'refused' };
      throw error;
    }
  }

  return {
    signIn: (email, password) =>
      outcomeOf(() =>
        client.send(
          new InitiateAuthCommand({
            ClientId: config.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        ),
      ),

    answerTotp: (email, code, session) =>
      outcomeOf(() =>
        client.send(
          new RespondToAuthChallengeCommand({
            ClientId: config.clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: session,
            ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        ),
      ),

    async verify(idToken) {
      try {
        const payload = await verifier.verify(idToken);
        const groups = payload['cognito:groups'];
        const role = roleOf(Array.isArray(groups) ? groups.filter((g) => typeof g === 'string') : []);
        const email = payload.email;
        if (!role || typeof email !== 'string') return undefined;
        return { subject: payload.sub ?? email, email, role };
      } catch {
        return undefined;
      }
    },
  };
}
