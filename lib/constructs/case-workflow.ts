import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge, arnWildcardFinding, STAR_RESOURCE_FINDING } from './nag-acknowledgements.ts';

export type CaseWorkflowProps = {
  /** Absolute path of the ASL file: the single definition, for AWS and for the local engine alike. */
  definitionFile: string;
  /** ASL substitution name → the function whose ARN it stands for. */
  taskFunctions: Readonly<Record<string, lambda.IFunction>>;
};

/** Days the workflow's logs are kept; execution data is never logged, so they hold ids and states only. */
export const WORKFLOW_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * The name of the case state machine, fixed before the machine exists. Functions the machine invokes
 * (SendReminder) also answer its task tokens, so their policies need the machine's ARN while the
 * machine needs theirs: naming it up front and deriving the ARN from the name breaks that cycle.
 */
export class CaseWorkflowName extends Construct {
  readonly stateMachineName: string;
  readonly stateMachineArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Unique per stack and stable across deploys: derived from the construct path, not from any value.
    this.stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    this.stateMachineArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

/**
 * The collections case state machine: the ASL file deployed as it is, with each Task's function ARN
 * substituted by CloudFormation. Standard type (cases live for weeks), every event logged without
 * execution data (no personal data in logs), X-Ray tracing on.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, name: CaseWorkflowName, props: CaseWorkflowProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps the account's CloudWatch Logs resource policy from growing per group.
      logGroupName: `/aws/vendedlogs/states/${name.stateMachineName}`,
      retention: WORKFLOW_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const substitutions = Object.fromEntries(
      Object.entries(props.taskFunctions).map(([placeholder, fn]) => [placeholder, fn.functionArn]),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(props.definitionFile),
      definitionSubstitutions: substitutions,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // The definition is a file, so CDK cannot see its Tasks: grant exactly the substituted functions.
    for (const [placeholder, fn] of Object.entries(props.taskFunctions)) {
      fn.grantInvoke(this.stateMachine);
      acknowledge(
        this.stateMachine.role,
        arnWildcardFinding(fn, ':*'),
        `lambda:InvokeFunction on "\${${placeholder}}:*" (added by grantInvoke next to the plain ARN) covers ` +
          'only the versions and aliases of that one Task function, should a definition ever name a qualified ' +
          'ARN; no other function is reachable.',
      );
    }
    acknowledge(
      this.stateMachine.role,
      STAR_RESOURCE_FINDING,
      'AWS requires Resource "*" for these actions, which have no resource-level permissions: X-Ray tracing ' +
        '(xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and Step Functions ' +
        'log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ' +
        'ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups).',
    );
  }
}
