import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createScope, getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, HttpRequest, SourceData } from '@smithy/types';
import { type DocumentKind, MAGIC_BYTES, uploadPolicy } from '../../domain/documents.ts';
import type { DocumentStorage, UploadedObject, UploadForm } from '../../ports/documents.ts';
import { logger } from '../../shared/logger.ts';

import { DOWNLOAD_LINK_SECONDS } from './download-link.ts';

export type { UploadedObject, UploadForm };
export { DOWNLOAD_LINK_SECONDS };

/**
 * The S3 calls the documents page makes (presigned POST and GET, HEAD, ranged GET, copy, delete),
 * signed with SigV4 (`@smithy/signature-v4`, already in every bundle through the SDK) and sent with
 * `fetch`: the S3 client and its S3-only middleware weigh about 140 KB, which this function's bundle
 * cannot carry (issue 10: at most 400 KB). Only these five operations exist here.
 */

/** SHA-256 (or its HMAC with a secret) as the signer asks for it, over node:crypto. */
class Sha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', typeof this.secret === 'string' ? this.secret : toBuffer(this.secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === 'string' ? data : toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** S3 signs the body's hash as this for requests without a body and for presigned URLs. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const SHA256_HEADER = 'X-Amz-Content-Sha256';
/** Each S3 call gives up after this long (the portal's request has its own timeout). */
const REQUEST_TIMEOUT_MS = 10_000;

/** A key's path as S3 expects it in a URL: each segment escaped (RFC 3986: `!'()*` too), slashes kept. */
const uriEscape = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const escapeKey = (key: string) => key.split('/').map(uriEscape).join('/');

const iso8601 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export type DocumentBucketOptions = {
  /** @default the Lambda environment's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN */
  credentials?: () => AwsCredentialIdentity;
  /** @default AWS_REGION */
  region?: string;
  /**
   * Where S3 is: path-style (`<endpoint>/<bucket>/<key>`), as the local S3 wants it.
   * @default AWS_ENDPOINT_URL_S3 when set, else `https://<bucket>.s3.<region>.amazonaws.com` (virtual-hosted)
   */
  endpoint?: string;
  /** @default the real clock */
  now?: () => Date;
};

function environmentCredentials(): AwsCredentialIdentity {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them)');
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** An S3 answer that was not the one asked for. */
export class S3RequestError extends Error {
  override name = 'S3RequestError';
  constructor(
    readonly operation: string,
    readonly status: number,
    body: string,
  ) {
    super(
      `S3 ${operation} failed with ${status}: ${/<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? body.slice(0, 200)}`,
    );
  }
}

/**
 * S3 answers a HEAD of a missing key with 404 only to a caller allowed to list the bucket; the
 * portal may not (it has exactly Put/Get/DeleteObject), so on AWS a missing upload is a 403.
 */
const missing = (error: unknown) =>
  error instanceof S3RequestError && (error.status === 404 || error.status === 403);

/** The dispute documents bucket. */
export class DocumentBucket implements DocumentStorage {
  private readonly credentials: () => AwsCredentialIdentity;
  private readonly region: string;
  private readonly endpoint: string | undefined;
  private readonly now: () => Date;

  constructor(
    readonly bucketName: string,
    options: DocumentBucketOptions = {},
  ) {
    this.credentials = options.credentials ?? environmentCredentials;
    this.region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
    this.endpoint = (options.endpoint ?? process.env.AWS_ENDPOINT_URL_S3)?.replace(/\/$/, '');
    this.now = options.now ?? (() => new Date());
  }

  /** The bucket's URL (the form's target): path-style on a custom endpoint, virtual-hosted on AWS. */
  private bucketUrl(): string {
    return this.endpoint
      ? `${this.endpoint}/${this.bucketName}`
      : `https://${this.bucketName}.s3.${this.region}.amazonaws.com/`;
  }

  private objectUrl(key: string): URL {
    return new URL(
      this.endpoint
        ? `${this.endpoint}/${this.bucketName}/${escapeKey(key)}`
        : `https://${this.bucketName}.s3.${this.region}.amazonaws.com/${escapeKey(key)}`,
    );
  }

  private signer() {
    return new SignatureV4({
      credentials: this.credentials(),
      region: this.region,
      service: 's3',
      sha256: Sha256,
      // S3 signs the path as sent (no second escaping).
      uriEscapePath: false,
    });
  }

  private requestFor(method: string, url: URL, headers: Record<string, string> = {}): HttpRequest {
    return {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, [SHA256_HEADER]: UNSIGNED_PAYLOAD, ...headers },
    };
  }

  /** Signs and sends one request; resolves the response when its status is `ok`, else throws S3RequestError. */
  private async send(
    operation: string,
    method: string,
    key: string,
    headers: Record<string, string> = {},
    ok: (status: number) => boolean = (status) => status >= 200 && status < 300,
  ): Promise<Response> {
    const url = this.objectUrl(key);
    const signed = await this.signer().sign(this.requestFor(method, url, headers), {
      signingDate: this.now(),
    });
    const { host: _host, ...sent } = signed.headers;
    const response = await fetch(url, {
      method,
      headers: sent,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!ok(response.status)) throw new S3RequestError(operation, response.status, await response.text());
    return response;
  }

  /**
   * A form's presigned POST: this exact key, this Content-Type, 1 byte to 10 MiB, 15 minutes. The
   * policy and its signature as AWS documents them ("Browser-based uploads using POST (AWS Signature
   * Version 4)"), field for field as `@aws-sdk/s3-presigned-post` makes them (a unit test compares).
   */
  async uploadForm(kind: DocumentKind, key: string, redirectUrl: string): Promise<UploadForm> {
    const policy = uploadPolicy(kind, redirectUrl);
    const credentials = this.credentials();
    const now = this.now();
    const signingDate = iso8601(now).replace(/[-:]/g, '');
    const shortDate = signingDate.slice(0, 8);
    const scope = createScope(shortDate, this.region, 's3');
    const fields: Record<string, string> = {
      ...policy.fields,
      bucket: this.bucketName,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
      'X-Amz-Date': signingDate,
      ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
    };
    const conditions = new Set<string>();
    for (const condition of policy.conditions) conditions.add(JSON.stringify(condition));
    for (const [name, value] of Object.entries(fields)) conditions.add(JSON.stringify({ [name]: value }));
    conditions.add(JSON.stringify({ key }));
    const encodedPolicy = Buffer.from(
      JSON.stringify({
        expiration: iso8601(new Date(now.getTime() + policy.expiresSeconds * 1000)),
        conditions: [...conditions].map((condition) => JSON.parse(condition)),
      }),
      'utf8',
    ).toString('base64');
    const signingKey = await getSigningKey(Sha256, credentials, shortDate, this.region, 's3');
    const signature = createHmac('sha256', signingKey).update(encodedPolicy, 'utf8').digest('hex');
    return {
      url: this.bucketUrl(),
      fields: { ...fields, key, Policy: encodedPolicy, 'X-Amz-Signature': signature },
    };
  }

  /** The uploaded object's stored type, size and first bytes, or undefined when there is none. */
  async inspect(key: string): Promise<UploadedObject | undefined> {
    try {
      const head = await this.send('HeadObject', 'HEAD', key);
      const etag = head.headers.get('etag') ?? '';
      const size = Number(head.headers.get('content-length') ?? 0);
      let bytes: Uint8Array = new Uint8Array();
      if (size > 0) {
        // The same object as the HEAD saw (If-Match), in case the upload form is used again meanwhile.
        const start = await this.send('GetObject', 'GET', key, {
          range: `bytes=0-${MAGIC_BYTES - 1}`,
          'if-match': etag,
        });
        bytes = new Uint8Array(await start.arrayBuffer());
      }
      return { contentType: head.headers.get('content-type') ?? undefined, size, etag, head: bytes };
    } catch (error) {
      if (missing(error)) {
        logger.info('Upload not found (or not readable)', { key });
        return undefined;
      }
      throw error;
    }
  }

  /** Copies the checked upload (only if it is still the object that was checked) to where it is kept. */
  async keep(uploadKey: string, etag: string, documentKey: string): Promise<void> {
    const response = await this.send('CopyObject', 'PUT', documentKey, {
      'x-amz-copy-source': `${this.bucketName}/${escapeKey(uploadKey)}`,
      'x-amz-copy-source-if-match': etag,
    });
    // A copy can fail after S3 answered 200: the error is then in the body.
    const body = await response.text();
    if (body.includes('<Error>')) throw new S3RequestError('CopyObject', response.status, body);
  }

  async discard(key: string): Promise<void> {
    const response = await this.send('DeleteObject', 'DELETE', key);
    await response.body?.cancel();
  }

  /** A short-lived download link that saves the file under its safe display name. */
  async downloadUrl(key: string, displayName: string): Promise<string> {
    const url = this.objectUrl(key);
    url.searchParams.set('response-content-disposition', `attachment; filename="${displayName}"`);
    // As the SDK names the operation (S3 ignores it): the link is then exactly the SDK's (a unit test compares).
    url.searchParams.set('x-id', 'GetObject');
    const presigned = await this.signer().presign(this.requestFor('GET', url), {
      signingDate: this.now(),
      expiresIn: DOWNLOAD_LINK_SECONDS,
    });
    const query = Object.entries(presigned.query ?? {})
      .map(([name, value]) => `${uriEscape(name)}=${uriEscape(String(value))}`)
      .join('&');
    return `${url.origin}${presigned.path}?${query}`;
  }
}
