import type { FunctionName, StreamFilter } from '../../lib/functions.ts';
import { STREAM_SETTINGS } from '../../lib/functions.ts';
import { matchesPattern } from '../eventbridge/event-pattern.ts';
import { type StreamRecord, streams } from './api.ts';

/** The most records one GetRecords returns (DynamoDB Streams' own maximum). */
const READ_LIMIT = 1_000;
/** How often the stream's shards are listed again. */
const SHARD_LIST_MS = 2_000;

export type StreamMapping = { name: FunctionName; filters: readonly StreamFilter[] };

export type StreamMappingsOptions = {
  /** DynamoDB Local's endpoint (the streams API answers there too). */
  endpoint: string;
  tableName: string;
  mappings: readonly StreamMapping[];
  /** Invokes a function as Lambda's event source mapping would, with `{ Records }`. */
  invoke: (name: FunctionName, event: { Records: unknown[] }) => Promise<unknown>;
  log?: (line: string) => void;
  /** How often each shard is read. */
  pollMs?: number;
  /** Sees every record read, before the mappings' filters (the local schedule learns what is due). */
  observe?: (records: readonly StreamRecord[]) => void;
};

/**
 * Lambda's event source mappings on the table's stream, on DynamoDB Local: every shard is read
 * every `pollMs`; each mapping keeps the records its filter
 * criteria let through (the same syntax as EventBridge's patterns, so the local matcher applies
 * them); invokes its function with `{ Records }` shaped as Lambda's DynamoDB stream event; honours
 * `batchItemFailures` (the batch is retried from the first failed record) up to STREAM_SETTINGS'
 * retries, then parks the batch (logged: the item itself still waits in the table for the schedule).
 * Returns what stops it, after the batches in progress.
 */
export async function startStreamMappings(
  options: StreamMappingsOptions,
): Promise<{ close(): Promise<void> }> {
  const { endpoint, tableName, invoke } = options;
  const log = options.log ?? (() => undefined);
  const pollMs = options.pollMs ?? 150;
  const streamArn = await streams.latestStreamArn(endpoint, tableName);
  let stopped = false;
  const loop = readStream();

  /**
   * One reader for every mapping (each mapping in AWS reads the stream on its own; here they share
   * the reads, which changes nothing they see and halves the load on DynamoDB Local): every shard's
   * new records, to each mapping whose filters let them through, the mappings' batches in parallel.
   */
  async function readStream(): Promise<void> {
    /** Each open shard's iterator; a closed shard leaves the map (its children are read next). */
    const iterators = new Map<string, string>();
    const done = new Set<string>();
    let listedAt = 0;
    let busy = false;
    while (!stopped) {
      try {
        // New shards appear rarely (DynamoDB Local rolls a shard over every few hours, or when one closes).
        if (iterators.size === 0 || Date.now() - listedAt > SHARD_LIST_MS) {
          listedAt = Date.now();
          for (const shardId of await streams.shards(endpoint, streamArn)) {
            if (!iterators.has(shardId) && !done.has(shardId))
              iterators.set(shardId, await streams.iterator(endpoint, streamArn, shardId));
          }
        }
        busy = false;
        for (const [shardId, iterator] of iterators) {
          if (stopped) break;
          // Every table write is a record: read what is there (the filters drop most), then hand each
          // mapping its records in batches of STREAM_SETTINGS.batchSize, in order.
          const { records, next } = await streams.records(endpoint, iterator, READ_LIMIT);
          if (records.length >= READ_LIMIT) busy = true;
          if (records.length > 0) {
            options.observe?.(records);
            const shaped = records.map(asLambdaRecord);
            await Promise.all(
              options.mappings.map(async (mapping) => {
                const kept = shaped.filter((record) =>
                  mapping.filters.some((filter) => matchesPattern(filter as Record<string, unknown>, record)),
                );
                for (let at = 0; at < kept.length; at += STREAM_SETTINGS.batchSize)
                  await deliver(mapping, kept.slice(at, at + STREAM_SETTINGS.batchSize));
              }),
            );
          }
          if (next) iterators.set(shardId, next);
          else {
            iterators.delete(shardId);
            done.add(shardId);
            listedAt = 0;
          }
        }
      } catch (error) {
        busy = false;
        if (!stopped) log(`stream mappings: ${error}`);
      }
      // One read takes up to READ_LIMIT records (everything written meanwhile, as a rule); a read
      // that found that many goes again at once.
      if (!stopped && !busy) await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  function asLambdaRecord(record: StreamRecord) {
    return {
      ...record,
      eventSource: 'aws:dynamodb',
      eventSourceARN: streamArn,
      dynamodb: { ...record.dynamodb, StreamViewType: 'NEW_IMAGE' },
    };
  }

  /** One batch to the function: retried from its first failed record, a bounded number of times. */
  async function deliver(mapping: StreamMapping, records: ReturnType<typeof asLambdaRecord>[]) {
    let batch = records;
    for (let attempt = 0; batch.length > 0; attempt++) {
      let failedFrom: string | undefined;
      try {
        const response = (await invoke(mapping.name, { Records: batch })) as
          | { batchItemFailures?: { itemIdentifier: string }[] }
          | undefined;
        failedFrom = response?.batchItemFailures?.[0]?.itemIdentifier;
      } catch (error) {
        log(`stream mapping ${mapping.name}: invocation failed: ${error}`);
        failedFrom = batch[0]?.dynamodb.SequenceNumber;
      }
      if (failedFrom === undefined) return;
      const from = batch.findIndex((record) => record.dynamodb.SequenceNumber === failedFrom);
      batch = batch.slice(Math.max(0, from));
      if (attempt >= STREAM_SETTINGS.retryAttempts) {
        log(
          `stream mapping ${mapping.name}: ${batch.length} record(s) failed every retry; parked (on-failure): ${batch
            .map((record) => record.dynamodb.SequenceNumber)
            .join(', ')}`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return {
    async close() {
      stopped = true;
      await loop.catch(() => undefined);
    },
  };
}
