import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../lib/functions.ts';
import { grantsOf, list, roleStatements, type Statement } from './iam.ts';
import {
  arnOf,
  FULL_CONTEXT,
  ref,
  resourceAt,
  resourcesOfType,
  type Synthesized,
  synthesize,
  type TemplateJson,
} from './synth.ts';

// Texts (issue 16): who may send them, and the number's two-way channel.
let synth: Synthesized;
let json: TemplateJson;
beforeAll(() => {
  synth = synthesize(FULL_CONTEXT);
  json = synth.json;
}, 120_000);

const names = Object.keys(FUNCTIONS) as FunctionName[];
const roleId = (name: FunctionName) => resourceAt(json, `${FUNCTIONS[name].id}/Role/Resource`)[0] as string;
const functionId = (name: FunctionName) =>
  resourceAt(json, `${FUNCTIONS[name].id}/Function/Resource`)[0] as string;
const repliesTopicId = () => resourceAt(json, 'Texts/RepliesTopic/Resource')[0] as string;
const topicKeyId = () => resourceAt(json, 'Operations/TopicKey/Resource')[0] as string;
const flat = (value: unknown) => JSON.stringify(value);

describe('texts (issue 16)', () => {
  it('lets deliverText alone send texts: SendTextMessage on the configured identity and configuration set only', () => {
    for (const name of names) {
      const grants = grantsOf(roleStatements(json, roleId(name)));
      const sms = [...grants.keys()].filter((action) => action.startsWith('sms-voice:'));
      if (name !== 'deliverText') {
        expect([name, sms]).toStrictEqual([name, []]);
        continue;
      }
      expect(sms).toStrictEqual(['sms-voice:SendTextMessage']);
      const resources = (grants.get('sms-voice:SendTextMessage') ?? []).map(flat).join(' ');
      expect(resources).toContain(FULL_CONTEXT.smsOriginationIdentity);
      expect(resources).toContain(`configuration-set/${FULL_CONTEXT.smsConfigurationSet}`);
    }
  });

  it('gives deliverText and receiveTextReplies the configured identity and set, and nothing of SES', () => {
    const env = (name: FunctionName) =>
      (
        (json.Resources[functionId(name)]?.Properties?.Environment ?? {}) as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
    expect(env('deliverText')).toMatchObject({
      SMS_ORIGINATION_IDENTITY: FULL_CONTEXT.smsOriginationIdentity,
      SMS_CONFIGURATION_SET: FULL_CONTEXT.smsConfigurationSet,
    });
    expect(env('deliverText').SENDER_ADDRESS).toBeUndefined();
    expect(grantsOf(roleStatements(json, roleId('deliverText'))).get('ses:SendRawEmail')).toBeUndefined();
    expect(
      grantsOf(roleStatements(json, roleId('receiveTextReplies'))).get('sms-voice:SendTextMessage'),
    ).toBeUndefined();
  });

  it('streams deliverText the pending texts only (INSERTs of itemType text)', () => {
    const mapping = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').find(([, r]) =>
      flat(r.Properties?.FunctionName).includes(functionId('deliverText')),
    );
    const filters = (
      (mapping?.[1].Properties?.FilterCriteria ?? { Filters: [] }) as { Filters: { Pattern: string }[] }
    ).Filters.map((filter) => JSON.parse(filter.Pattern));
    expect(filters).toStrictEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { itemType: { S: ['text'] }, status: { S: ['pending'] } } },
      },
    ]);
  });

  it('has an encrypted, TLS-only two-way topic the SMS service may publish to, invoking receiveTextReplies with a dead-letter queue', () => {
    const topic = json.Resources[repliesTopicId()]?.Properties ?? {};
    expect(topic.KmsMasterKeyId).toStrictEqual(arnOf(topicKeyId()));
    const policy = resourcesOfType(json, 'AWS::SNS::TopicPolicy').find(([, r]) =>
      list(r.Properties?.Topics as unknown[]).some((t) => flat(t) === flat(ref(repliesTopicId()))),
    )?.[1].Properties.PolicyDocument as { Statement: Statement[] };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Action: 'sns:Publish',
      }),
    );
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const [subscription] = resourcesOfType(json, 'AWS::SNS::Subscription').filter(
      ([, r]) => flat(r.Properties?.TopicArn) === flat(ref(repliesTopicId())),
    );
    expect(subscription?.[1].Properties).toMatchObject({
      Protocol: 'lambda',
      Endpoint: arnOf(functionId('receiveTextReplies')),
    });
    expect(flat(subscription?.[1].Properties?.RedrivePolicy)).toContain('DeadLetterQueue');
    // SNS counts an accepted invocation as delivered: what the function fails on, after Lambda's two
    // retries, reaches the same dead-letter queue through the function's on-failure destination.
    const deadLetterQueueId = resourceAt(json, 'Texts/DeadLetterQueue/Resource')[0] as string;
    const [[, invokeConfig] = []] = resourcesOfType(json, 'AWS::Lambda::EventInvokeConfig').filter(
      ([, r]) => flat(r.Properties?.FunctionName) === flat(ref(functionId('receiveTextReplies'))),
    );
    expect(invokeConfig?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: arnOf(deadLetterQueueId) } },
    });
    expect(grantsOf(roleStatements(json, roleId('receiveTextReplies'))).get('sqs:SendMessage')).toBeDefined();
    // The SMS service may use the topic key to publish to the encrypted topic.
    const keyPolicy = json.Resources[topicKeyId()]?.Properties?.KeyPolicy as { Statement: Statement[] };
    expect(keyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'sms-voice.amazonaws.com' } }),
    );
  });

  it('refuses an origination identity that is not an End User Messaging SMS ARN, and warns when none is set', () => {
    expect(() =>
      synthesize({ senderAddress: FULL_CONTEXT.senderAddress, smsOriginationIdentity: '+15555550100' }),
    ).toThrow(
      /smsOriginationIdentity: must be the ARN of an End User Messaging SMS phone number, pool or sender ID/,
    );
    expect(() =>
      synthesize({ senderAddress: FULL_CONTEXT.senderAddress, smsConfigurationSet: 'no spaces allowed' }),
    ).toThrow(/smsConfigurationSet/);
    const bare = synthesize({ senderAddress: FULL_CONTEXT.senderAddress });
    const warnings = bare.assembly.stacks[0]?.messages.filter((m) => m.level === 'warning') ?? [];
    expect(warnings.map((m) => String(m.entry.data))).toContainEqual(
      expect.stringMatching(/smsOriginationIdentity is not set/),
    );
  });
});
