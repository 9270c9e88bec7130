/**
 * Stands in for `@aws-sdk/signature-v4-multi-region` in the Lambda bundles only (see
 * build/lambda-bundling.ts). The EventBridge and S3 clients sign through it so that a request may
 * be signed with SigV4a (signing region `*`: EventBridge global endpoints, S3 multi-region access
 * points), which needs the CRT or the SigV4a package, neither bundled, and which this system never
 * uses (regional buses, one bucket). Here every request is signed with SigV4, exactly as the
 * package does for a regional one; a SigV4a request fails with a clear message. Tests and the local
 * runtime run the sources unbundled, with the real package.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  HttpRequest,
  RequestPresigningArguments,
  RequestSigningArguments,
} from '@smithy/types';

const SIGV4A_LEFT_OUT =
  'SigV4a (signing region "*") is left out of the Lambda bundles (build/lambda-bundling.ts): this system signs every request for its own region';

type SigningOptions = { signingRegion?: string } & Record<string, unknown>;
type SignerInternals = { credentialProvider: () => Promise<AwsCredentialIdentity> };

export const SESSION_TOKEN_QUERY_PARAM = 'X-Amz-S3session-Token';
export const SESSION_TOKEN_HEADER = SESSION_TOKEN_QUERY_PARAM.toLowerCase();

/** The package's SigV4 signer with S3 Express session credentials, unchanged. */
export class SignatureV4SignWithCredentials extends SignatureV4 {
  async signWithCredentials(
    requestToSign: HttpRequest,
    credentials: AwsCredentialIdentity,
    options?: RequestSigningArguments,
  ) {
    requestToSign.headers[SESSION_TOKEN_HEADER] = credentials.sessionToken as string;
    setSingleOverride(this as unknown as SignerInternals, withoutSessionToken(credentials));
    return (
      this as unknown as {
        signRequest: (request: HttpRequest, options: RequestSigningArguments) => Promise<HttpRequest>;
      }
    ).signRequest(requestToSign, options ?? {});
  }

  async presignWithCredentials(
    requestToSign: HttpRequest,
    credentials: AwsCredentialIdentity,
    options?: RequestPresigningArguments,
  ) {
    delete requestToSign.headers[SESSION_TOKEN_HEADER];
    requestToSign.headers[SESSION_TOKEN_QUERY_PARAM] = credentials.sessionToken as string;
    requestToSign.query = requestToSign.query ?? {};
    requestToSign.query[SESSION_TOKEN_QUERY_PARAM] = credentials.sessionToken as string;
    setSingleOverride(this as unknown as SignerInternals, withoutSessionToken(credentials));
    return this.presign(requestToSign, options);
  }
}

function withoutSessionToken(credentials: AwsCredentialIdentity): AwsCredentialIdentity {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}

function setSingleOverride(signer: SignerInternals, credentials: AwsCredentialIdentity) {
  const current = signer.credentialProvider;
  signer.credentialProvider = () => {
    signer.credentialProvider = current;
    return Promise.resolve(credentials);
  };
}

function regional(options: SigningOptions | undefined): void {
  if (options?.signingRegion === '*') throw new Error(SIGV4A_LEFT_OUT);
}

export class SignatureV4MultiRegion {
  private readonly sigv4Signer: SignatureV4SignWithCredentials;

  static sigv4aDependency(): 'none' {
    return 'none';
  }

  constructor(options: ConstructorParameters<typeof SignatureV4>[0]) {
    this.sigv4Signer = new SignatureV4SignWithCredentials(options);
  }

  async sign(requestToSign: HttpRequest, options: SigningOptions = {}) {
    regional(options);
    return this.sigv4Signer.sign(requestToSign, options);
  }

  async signWithCredentials(
    requestToSign: HttpRequest,
    credentials: AwsCredentialIdentity,
    options: SigningOptions = {},
  ) {
    regional(options);
    return this.sigv4Signer.signWithCredentials(requestToSign, credentials, options);
  }

  async presign(originalRequest: HttpRequest, options: SigningOptions = {}) {
    regional(options);
    return this.sigv4Signer.presign(originalRequest, options);
  }

  async presignWithCredentials(
    originalRequest: HttpRequest,
    credentials: AwsCredentialIdentity,
    options: SigningOptions = {},
  ) {
    regional(options);
    return this.sigv4Signer.presignWithCredentials(originalRequest, credentials, options);
  }
}

/** Where the CRT's SigV4a signer would register itself; never here. */
export const signatureV4CrtContainer: { CrtSignerV4: null } = { CrtSignerV4: null };
