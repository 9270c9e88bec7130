import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import { LOCAL_CREDENTIALS } from '../dynamodb/index.ts';
import { LOCAL_REGION } from '../http-server.ts';

/**
 * DynamoDB Streams' JSON API on DynamoDB Local's own endpoint (target `DynamoDBStreams_20120810`),
 * and DescribeTable (target `DynamoDB_20120810`) for the table's stream ARN. The streams client is
 * not installed: the three calls are plain JSON, signed as the SDK would (DynamoDB Local reads the
 * key id only).
 */
class Sha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash =
      secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as Uint8Array));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

const signer = new SignatureV4({
  credentials: LOCAL_CREDENTIALS,
  region: LOCAL_REGION,
  service: 'dynamodb',
  sha256: Sha256,
});

export class StreamsApiError extends Error {
  override name = 'StreamsApiError';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
  }
}

/** One call to DynamoDB Local's JSON API; its answer parsed, or a StreamsApiError. */
export async function call<T>(endpoint: string, target: string, body: unknown): Promise<T> {
  const url = new URL(endpoint);
  const payload = JSON.stringify(body);
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': target,
    },
    body: payload,
  });
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(endpoint, { method: 'POST', headers, body: payload });
  const answer = (await response.json()) as T & { __type?: string; message?: string; Message?: string };
  if (!response.ok)
    throw new StreamsApiError(
      String(answer.__type ?? response.status)
        .split('#')
        .pop() ?? '',
      String(answer.message ?? answer.Message ?? ''),
    );
  return answer;
}

export type StreamRecord = {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion?: string;
  eventSource?: string;
  awsRegion?: string;
  dynamodb: { SequenceNumber: string; NewImage?: Record<string, unknown> } & Record<string, unknown>;
};

const STREAMS = 'DynamoDBStreams_20120810';

export const streams = {
  async latestStreamArn(endpoint: string, tableName: string): Promise<string> {
    const out = await call<{ Table: { LatestStreamArn?: string } }>(
      endpoint,
      'DynamoDB_20120810.DescribeTable',
      {
        TableName: tableName,
      },
    );
    if (!out.Table.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
    return out.Table.LatestStreamArn;
  },
  async shards(endpoint: string, streamArn: string): Promise<string[]> {
    const out = await call<{ StreamDescription: { Shards?: { ShardId: string }[] } }>(
      endpoint,
      `${STREAMS}.DescribeStream`,
      { StreamArn: streamArn },
    );
    return (out.StreamDescription.Shards ?? []).map((shard) => shard.ShardId);
  },
  async iterator(endpoint: string, streamArn: string, shardId: string): Promise<string> {
    const out = await call<{ ShardIterator: string }>(endpoint, `${STREAMS}.GetShardIterator`, {
      StreamArn: streamArn,
      ShardId: shardId,
      // The table is new when the mapping starts: from the shard's first record, nothing is missed.
      ShardIteratorType: 'TRIM_HORIZON',
    });
    return out.ShardIterator;
  },
  async records(
    endpoint: string,
    iterator: string,
    limit: number,
  ): Promise<{ records: StreamRecord[]; next: string | undefined }> {
    const out = await call<{ Records?: StreamRecord[]; NextShardIterator?: string }>(
      endpoint,
      `${STREAMS}.GetRecords`,
      { ShardIterator: iterator, Limit: limit },
    );
    return { records: out.Records ?? [], next: out.NextShardIterator };
  },
};
