import { randomUUID } from 'node:crypto';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { CaseDetailType } from '../contract/events.ts';
import { decideAfterPause } from '../domain/journey.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { publish } from '../shared/publish.ts';

const config = loadConfig({ TABLE_NAME: env.tableName, EVENT_BUS_NAME: z.string().min(1) });
const store = new CaseStore(config.TABLE_NAME);

const EndPauseInput = z.object({ caseId: z.string().min(1), context: z.looseObject({ caseId: z.string() }) });

/**
 * Task "Decide how to go on after the pause": the pause ran its full length. Its result becomes
 * `$.Payload` with the reply that "Act on the reply" routes on.
 */
export const handler = middy()
  .use(parser({ schema: EndPauseInput }))
  .handler(async ({ caseId, context }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const now = new Date();
    // A reply that arrived as the pause ended (a payment, say) wins over the timetable.
    if (record.pendingReply) {
      const reply = record.pendingReply;
      await store.clearPendingReply(caseId, reply.id);
      return { ...context, reply };
    }
    const reply = { id: randomUUID(), ...decideAfterPause(record) };
    const pause = record.pause;
    await store.recordAction(
      record,
      {
        remove: ['pause'],
        ...(reply.outcome === 'resume' ? { bumpCycle: true } : {}),
        ...(pause?.reason === 'promise' && pause.promisedDate
          ? { set: { brokenPromiseDate: pause.promisedDate } }
          : {}),
      },
      {
        type: 'PauseEnded',
        at: now.toISOString(),
        entryId: `pause-ended-${reply.id}`,
        data: { reason: pause?.reason, reply },
      },
    );
    if (pause?.reason === 'promise') {
      await publish(config.EVENT_BUS_NAME, CaseDetailType.promiseBroken, {
        caseId,
        accountId: record.accountId,
        promisedDate: pause.promisedDate,
        balance: record.balance,
        at: now.toISOString(),
      });
    }
    return { ...context, reply };
  });
