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

type AuthResult = {
  AuthenticationResult?: { IdToken?: string; ExpiresIn?: number; RefreshToken?: string };
  ChallengeName?: string;
  Session?: string;
  /** AssociateSoftwareToken's answer: the authenticator's shared secret (base32). */
  SecretCode?: string;
  /** VerifySoftwareToken's answer. */
  Status?: 'SUCCESS' | 'ERROR';
};

/** An error answer of the Cognito API: its type, as the SDK would name the exception. */
class CognitoError extends Error {}

/**
 * The two calls sign-in makes, over Cognito's JSON API. Neither is signed (InitiateAuth and
 * RespondToAuthChallenge take the app client's id, not the caller's credentials), so the console
 * needs no Cognito SDK client: about 60 KB less in its bundle. The endpoint is the region's, or
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER where the SDK would use it (cognito-local).
 */
async function callCognito(
  target:
    | 'InitiateAuth'
    | 'RespondToAuthChallenge'
    | 'AssociateSoftwareToken'
    | 'VerifySoftwareToken'
    | 'RevokeToken',
  body: object,
): Promise<AuthResult> {
  const endpoint =
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ??
    `https://cognito-idp.${process.env.AWS_REGION ?? 'us-east-1'}.amazonaws.com`;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const answer = (await response.json().catch(() => ({}))) as AuthResult & {
    __type?: string;
    message?: string;
  };
  if (!response.ok) {
    const error = new CognitoError(answer.message ?? `Cognito ${target} answered ${response.status}`);
    error.name = (answer.__type ?? 'CognitoError').split('#').pop() ?? 'CognitoError';
    throw error;
  }
  return answer;
}

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

  async function outcomeOf(call: () => Promise<AuthResult>): Promise<SignInOutcome> {
    try {
      const out = await call();
      const idToken = out.AuthenticationResult?.IdToken;
      if (idToken) {
        return {
          outcome: 'signed-in',
          idToken,
          expiresInSeconds: out.AuthenticationResult?.ExpiresIn ?? 3600,
          ...(out.AuthenticationResult?.RefreshToken
            ? { refreshToken: out.AuthenticationResult.RefreshToken }
            : {}),
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
        callCognito('InitiateAuth', {
          ClientId: config.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      ),

    answerTotp: (email, code, session) =>
      outcomeOf(() =>
        callCognito('RespondToAuthChallenge', {
          ClientId: config.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      ),

    // A first sign-in to the pool that requires TOTP (MFA_SETUP): the member's authenticator is
    // associated with the challenge's session, then verified with its first code, and the challenge
    // answered; each call unsigned, like sign-in itself.
    async beginTotpSetup(session) {
      try {
        const out = await callCognito('AssociateSoftwareToken', { Session: session });
        return out.SecretCode && out.Session ? { secret: out.SecretCode, session: out.Session } : undefined;
      } catch (error) {
        if (error instanceof Error && REFUSALS.has(error.name)) return undefined;
        throw error;
      }
    },

    finishTotpSetup: (email, code, session) =>
      outcomeOf(async () => {
        const verified = await callCognito('VerifySoftwareToken', {
          Session: session,
          UserCode: code,
          FriendlyDeviceName: 'Collections console',
        });
        if (verified.Status !== 'SUCCESS' || !verified.Session) return {};
        return callCognito('RespondToAuthChallenge', {
          ClientId: config.clientId,
          ChallengeName: 'MFA_SETUP',
          Session: verified.Session,
          ChallengeResponses: { USERNAME: email },
        });
      }),

    async refresh(refreshToken) {
      const outcome = await outcomeOf(() =>
        callCognito('InitiateAuth', {
          ClientId: config.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      return outcome.outcome === 'signed-in'
        ? { idToken: outcome.idToken, expiresInSeconds: outcome.expiresInSeconds }
        : undefined;
    },

    async revoke(refreshToken) {
      try {
        await callCognito('RevokeToken', { ClientId: config.clientId, Token: refreshToken });
      } catch (error) {
        // Revoked already, expired, or not one of this client's: nothing is left to revoke.
        if (
          !(
            error instanceof Error &&
            (REFUSALS.has(error.name) || error.name === 'UnsupportedTokenTypeException')
          )
        )
          throw error;
      }
    },

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
