import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { CollectionsStack } from '../../lib/collections-stack.ts';
import { FUNCTIONS } from '../../lib/functions.ts';
import { CDK_JSON_CONTEXT, FULL_CONTEXT, STACK_NAME } from './synth.ts';

/** The functions the state machine invokes: only their `:*` (versions) may be acknowledged. */
const TASK_FUNCTION_IDS = Object.values(FUNCTIONS)
  .filter((spec) => 'aslSubstitution' in spec)
  .map((spec) => spec.id)
  .join('|');

/**
 * cdk-nag v3 is a CDK policy-validation plugin (`Validations.of(app).addPlugins`), not an Aspect: it
 * reports violations from `app.synth()` instead of annotations, and acknowledgements are CDK's own
 * `Validations.of(construct).acknowledge`. Each test builds a fresh app, as bin/app.ts does.
 */
function nagApp(context: Record<string, unknown>) {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CollectionsStack(app, STACK_NAME);
  const pack = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(pack);
  return { app, stack, pack };
}

const describeViolations = (
  violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[],
) => violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

/** Every acknowledgement in the tree: rule id → reasons. */
function acknowledgements(root: IConstruct): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const rule = id.replace(/^annotation::/i, '');
        found.set(rule, [...(found.get(rule) ?? []), reason]);
      }
    }
  }
  return found;
}

describe.each([
  ['the default deployment', FULL_CONTEXT],
  [
    'every option on (custom domain, SES identity, no alarm email)',
    {
      senderAddress: 'collections@acme.example',
      portalDomainName: 'pay.acme.example',
      portalCertificateArn:
        'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
      createSesIdentity: 'true',
    },
  ],
])('cdk-nag AwsSolutions on %s', (_, context) => {
  it('reports no unacknowledged error or warning, and synth passes validation', () => {
    const { app, stack, pack } = nagApp(context);
    expect(describeViolations(pack.validateScope(app).violations)).toStrictEqual([]);
    expect(() => app.synth()).not.toThrow();
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });

  it('acknowledges only the reviewed rules, each with a written reason', () => {
    const { app } = nagApp(context);
    const acknowledged = acknowledgements(app);
    for (const rule of acknowledged.keys()) {
      expect(rule).toMatch(
        new RegExp(
          `^AwsSolutions-(APIG4|SMG4|S1|SQS3|IAM5\\[Resource::<DisputeDocumentsBucket\\w+\\.Arn>/disputes/\\*\\]|IAM5\\[Resource::\\*\\]|IAM5\\[Resource::<CaseTable\\w+\\.Arn>/index/\\*\\]|IAM5\\[Resource::<(${TASK_FUNCTION_IDS})Function\\w+\\.Arn>:\\*\\])$`,
        ),
      );
    }
    for (const reasons of acknowledged.values()) {
      for (const reason of reasons) expect(reason.length).toBeGreaterThan(80);
    }
  });
});

it('catches an unacknowledged finding (the check is live)', () => {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...FULL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CollectionsStack(app, STACK_NAME);
  stack.functions.portalDocuments.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::some-bucket/*'] }),
  );
  const pack = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(pack);
  expect(pack.validateScope(app).violations.map((v) => v.ruleName)).toStrictEqual([
    'AwsSolutions-IAM5[Resource::arn:aws:s3:::some-bucket/*]',
  ]);
  expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::some-bucket\/\*\]/);
});
