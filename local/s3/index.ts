import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { startS3PolicyGate } from './post-policy.ts';

export type LocalS3 = { url: string; close(): Promise<void> };

/**
 * s3rver: the S3 API on disk, for dispute documents. Its address is the policy gate in front of it
 * (s3-post-policy.ts), so a browser's POST upload is held to its signed policy as on AWS.
 */
export async function startS3Local(
  directory: string,
  buckets: string[],
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<LocalS3> {
  // s3rver knows one access key (S3RVER) and refuses others; it checks the key id, not SigV4 signatures.
  const accounts = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  accounts.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  const gate = await startS3PolicyGate({
    upstreamUrl: `http://127.0.0.1:${address.port}`,
    secretAccessKey: credentials.secretAccessKey,
  });
  return {
    url: gate.url,
    close: async () => {
      await gate.close();
      await server.close();
    },
  };
}
