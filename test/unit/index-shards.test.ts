import { describe, expect, it } from 'vitest';
import {
  INDEX_SHARDS,
  keys,
  OUTBOX_PARTITIONS,
  PENDING_DELIVERY_PARTITION,
  partitionsOf,
  shardOf,
} from '../../functions/contract/table.ts';
import { outboxInsertFilter } from '../../lib/functions.ts';

describe('the sharded index partitions (outbox, pending deliveries)', () => {
  it('puts every item of a case on one shard, the same every time', () => {
    const caseId = 'ACC-1-1';
    const shard = shardOf(caseId);
    expect(keys.outboxEntry(caseId, 'friendly-0', '2026-06-02T09:00:00Z', 'mail').gsi1pk).toBe(
      `${OUTBOX_PARTITIONS.mail}#${shard}`,
    );
    expect(keys.outboxEntry(caseId, 'event-1', '2026-06-09T09:00:00Z', 'followUp').gsi1pk).toBe(
      `${OUTBOX_PARTITIONS.followUp}#${shard}`,
    );
    expect(keys.pendingDelivery(caseId, 'friendly-0', '2026-06-02T09:00:00Z').gsi1pk).toBe(
      `${PENDING_DELIVERY_PARTITION}#${shard}`,
    );
  });

  it('spreads cases over every shard, none taking much more than its share', () => {
    const counts = new Array(INDEX_SHARDS).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`ACC-${i}-1`)] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThan((8000 / INDEX_SHARDS) * 1.2);
  });

  it('reads the unsharded partition and every shard', () => {
    expect(partitionsOf(OUTBOX_PARTITIONS.mail)).toEqual([
      'OUTBOX#mail',
      ...Array.from({ length: INDEX_SHARDS }, (_, i) => `OUTBOX#mail#${i}`),
    ]);
  });

  it('brings each carrier the INSERTs of its shards by prefix, and no other carrier’s', () => {
    const prefixOf = (carrier: 'mail' | 'followUp') =>
      (outboxInsertFilter(carrier) as { dynamodb: { NewImage: { gsi1pk: { S: { prefix: string }[] } } } })
        .dynamodb.NewImage.gsi1pk.S[0]?.prefix ?? '';
    const mail = keys.outboxEntry('ACC-2-1', 'k', '', 'mail').gsi1pk;
    const followUp = keys.outboxEntry('ACC-2-1', 'k', '', 'followUp').gsi1pk;
    expect(mail.startsWith(prefixOf('mail'))).toBe(true);
    expect(followUp.startsWith(prefixOf('followUp'))).toBe(true);
    expect(mail.startsWith(prefixOf('followUp'))).toBe(false);
    expect(followUp.startsWith(prefixOf('mail'))).toBe(false);
  });
});
