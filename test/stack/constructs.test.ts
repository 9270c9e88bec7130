import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/collections-stack.ts';
import { CaseWorkflowName } from '../../lib/constructs/case-workflow.ts';
import { CollectionsFunction } from '../../lib/constructs/collections-function.ts';
import { FUNCTIONS } from '../../lib/functions.ts';
import { CDK_JSON_CONTEXT } from './synth.ts';

/** A bare stack (no bundling) to try a construct on its own. */
function bareStack(): Stack {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  return new Stack(app, 'Bare');
}

const spec = FUNCTIONS.holdCase;
const environment = { TABLE_NAME: 'cases' };

describe('CollectionsFunction', () => {
  it('is a grantee: a resource’s own grant method lands on the function’s role, nowhere else', () => {
    const stack = bareStack();
    const fn = new CollectionsFunction(stack, 'Fn', { spec, projectRoot: PROJECT_ROOT, environment });
    const table = new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    table.grantReadData(fn);
    expect(fn.grantPrincipal).toBe(fn.role);

    const json = Template.fromStack(stack).toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const roleId = stack.resolve((fn.role.node.defaultChild as CfnResource).logicalId);
    const policies = Object.values(json.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties.Roles).toStrictEqual([{ Ref: roleId }]);
    const actions = JSON.stringify(policies[0]?.Properties.PolicyDocument);
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).not.toContain('dynamodb:PutItem');
  });

  it('is a function: event sources, permissions and its L1 belong to the function it deploys', () => {
    const stack = bareStack();
    const fn = new CollectionsFunction(stack, 'Fn', { spec, projectRoot: PROJECT_ROOT, environment });
    const queue = new sqs.Queue(stack, 'Queue');
    fn.addEventSource(new SqsEventSource(queue));
    const mappings = stack.node
      .findAll()
      .filter((construct) => construct instanceof lambda.CfnEventSourceMapping)
      .map((construct) => construct.node.path);
    expect(mappings).toStrictEqual([
      expect.stringMatching(/^Bare\/Fn\/Function\/SqsEventSource:\w+\/Resource$/),
    ]);
    expect(fn.node.defaultChild).toBeInstanceOf(lambda.CfnFunction);
    expect(fn.node.defaultChild?.node.path).toBe('Bare/Fn/Function/Resource');
    expect(fn.resourceArnsForGrantInvoke).toHaveLength(2);
  });

  it('refuses a spec whose environment variable has no value', () => {
    const stack = bareStack();
    expect(
      () => new CollectionsFunction(stack, 'Fn', { spec, projectRoot: PROJECT_ROOT, environment: {} }),
    ).toThrow(/HoldCase: no value for its environment variable TABLE_NAME/);
  });
});

describe('CaseWorkflowName', () => {
  it('derives the ARN from a given name, and the reference by name grants on that ARN', () => {
    const stack = bareStack();
    const name = new CaseWorkflowName(stack, 'Name', { stateMachineName: 'collections-case' });
    expect(name.stateMachineName).toBe('collections-case');
    expect(stack.resolve(name.stateMachine.stateMachineArn)).toStrictEqual(
      stack.resolve(name.stateMachineArn),
    );
    expect(JSON.stringify(stack.resolve(name.stateMachineArn))).toContain(':stateMachine:collections-case');
  });
});
