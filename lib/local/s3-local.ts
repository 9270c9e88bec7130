import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

export type LocalS3 = { url: string; close(): Promise<void> };

/** s3rver: the S3 API on disk, for dispute documents (issue #4 uploads to it). */
export async function startS3Local(directory: string, buckets: string[]): Promise<LocalS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
