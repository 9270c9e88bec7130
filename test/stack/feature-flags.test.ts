import { FeatureFlags } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CDK_JSON_CONTEXT, FULL_CONTEXT, type Synthesized, synthesize } from './synth.ts';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize(FULL_CONTEXT);
}, 60_000);

describe('feature flags (cdk.json)', () => {
  it('sets every flag `cdk init` recommends for this aws-cdk-lib, to the recommended value', () => {
    const recommended = cxapi.CURRENTLY_RECOMMENDED_FLAGS as Record<string, unknown>;
    expect(Object.keys(recommended).length).toBeGreaterThan(80);
    for (const [flag, value] of Object.entries(recommended)) {
      expect([flag, CDK_JSON_CONTEXT[flag]]).toStrictEqual([flag, value]);
    }
  });

  it('are what the stack tests build with (as the CLI hands them to bin/app.ts)', () => {
    const flags = FeatureFlags.of(synth.stack);
    expect(flags.isEnabled(cxapi.IAM_MINIMIZE_POLICIES)).toBe(true);
    expect(flags.isEnabled('@aws-cdk/core:explicitStackTags')).toBe(true);
  });

  // A flag that renamed a stateful resource would replace it on the next deploy of an existing stack:
  // a new, empty table, bus, key, secret, bucket or queue (the old one retained or lost).
  it('keep the logical ids of every stateful resource', () => {
    const stateful = Object.entries(synth.json.Resources)
      .filter(([, resource]) =>
        [
          'AWS::DynamoDB::GlobalTable',
          'AWS::Events::EventBus',
          'AWS::SecretsManager::Secret',
          'AWS::KMS::Key',
          'AWS::S3::Bucket',
          'AWS::SQS::Queue',
          'AWS::StepFunctions::StateMachine',
        ].includes(resource.Type),
      )
      .map(([id]) => id)
      .sort();
    expect(stateful).toStrictEqual([
      // Issue 14: one collection agency's dead-letter queue and report-signing secret.
      'AgencynorthwindrecoveriesDeadLetterQueue9532F7BB',
      'AgencynorthwindrecoveriesReportSecret26E014FB',
      'BusEA82B648',
      'CarryOutFollowUpsTableStreamDeadLetterQueueB0E2C3BC',
      'CaseTable4C11C959',
      'CaseUpdatesIntakeDeadLetterQueue78343CF4',
      'CaseUpdatesIntakeQueue4C5A1D82',
      'CaseWorkflowStateMachine916EE2A6',
      'DeliverEmailTableStreamDeadLetterQueue98724DFA',
      // Issue 16: the text carrier's stream failures.
      'DeliverTextTableStreamDeadLetterQueue9DA6C1E1',
      'DisputeDocumentsBucketA1621002',
      'EmailEventsIntakeDeadLetterQueueD8B7F60A',
      'EmailEventsIntakeQueue41991154',
      // Issue 16: the note before a due date's intake.
      'InvoiceDueSoonIntakeDeadLetterQueueFA0F02DC',
      'InvoiceDueSoonIntakeQueueB1469DC8',
      'InvoiceOverdueIntakeDeadLetterQueueB4D94C32',
      'InvoiceOverdueIntakeQueue06F2772B',
      'LinkSigningSecret62016153',
      'OperationsTopicKey50BA7F3B',
      'PaymentReceivedIntakeDeadLetterQueueF37DAD88',
      'PaymentReceivedIntakeQueue9D5DC18D',
      'RecordMetricsTableStreamDeadLetterQueueFC0646B5',
      // Issue 12: the Outcomes counters' stream failures.
      'RecordOutcomesTableStreamDeadLetterQueueBAB58E4D',
      'SendWaitingMessagesTableStreamDeadLetterQueue884D7CEA',
      // Issue 16: the two-way texts' failures.
      'TextsDeadLetterQueue929B0D61',
    ]);
  });
});
