import { createHash, createHmac } from 'node:crypto';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';

/** How long a link to download a document works: long enough to click, short enough not to share. */
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

/** SHA-256 and HMAC-SHA-256 over node:crypto, as the SDK's own Node hash does. */
class Sha256 implements Checksum {
  readonly #secret: SourceData | undefined;
  #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#fresh();
  }
  #fresh() {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.#secret));
  }
  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}
const toBuffer = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/**
 * Short-lived download links for dispute documents (the staff console's), signed with SigV4 query
 * parameters as the SDK's S3 presigner signs them (unsigned payload, the key's path not escaped
 * twice), without the S3 client: the console's bundle stays within its budget. The endpoint is
 * AWS's virtual-hosted one, or AWS_ENDPOINT_URL_S3 (path style) where the SDK would use it.
 */
export function s3DownloadLinks(bucketName: string) {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const signer = new SignatureV4({
    service: 's3',
    region,
    credentials: fromEnv(),
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  return {
    async downloadUrl(key: string, displayName: string): Promise<string> {
      const endpoint = process.env.AWS_ENDPOINT_URL_S3;
      const base = endpoint ? new URL(endpoint) : new URL(`https://${bucketName}.s3.${region}.amazonaws.com`);
      const path = `${endpoint ? `${base.pathname.replace(/\/$/, '')}/${bucketName}` : ''}/${key
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`;
      const host = base.host;
      const signed = await signer.presign(
        {
          method: 'GET',
          protocol: base.protocol,
          hostname: base.hostname,
          ...(base.port ? { port: Number(base.port) } : {}),
          path,
          // x-id names the operation, as the SDK's links do (S3 ignores it; it is signed like the rest).
          query: {
            'response-content-disposition': `attachment; filename="${displayName}"`,
            'x-id': 'GetObject',
          },
          headers: { host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
        },
        { expiresIn: DOWNLOAD_LINK_SECONDS },
      );
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(signed.query ?? {}))
        for (const one of Array.isArray(value) ? value : [value]) if (one != null) query.append(name, one);
      return `${base.protocol}//${host}${path}?${query.toString().replaceAll('+', '%20')}`;
    },
  };
}
