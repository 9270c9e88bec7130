import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ArTeamNotice } from '../../domain/ar-team.ts';
import type { ArTeam } from '../../ports/effects.ts';
import { withoutSdkLogging } from '../sdk-client.ts';
import { traced } from '../tracing/tracer.ts';

const sns = traced(withoutSdkLogging(new SNSClient({})));

/**
 * Tells the AR team on their SNS topic (they subscribe by email, or a queue for their tools).
 * Resolves SNS's message id; throws if SNS refused it, so the caller's request fails visibly.
 */
export async function tellArTeam(topicArn: string, notice: ArTeamNotice): Promise<string> {
  const out = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: notice.subject,
      Message: notice.message,
      MessageAttributes: { event: { DataType: 'String', StringValue: notice.event } },
    }),
  );
  return out.MessageId ?? '';
}

/** The AR team's topic (the port: ports/effects.ts `ArTeam`). */
export function snsArTeam(topicArn: string): ArTeam {
  return { tell: (notice) => tellArTeam(topicArn, notice) };
}
