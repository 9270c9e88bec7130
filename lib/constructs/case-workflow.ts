import { Names, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  acknowledge,
  arnWildcardFinding,
  CFN_LINT_REDUNDANT_DEPENDENCY,
  ignoreCfnLintChecks,
  STAR_RESOURCE_FINDING,
} from './nag-acknowledgements.ts';

export interface CaseWorkflowNameProps {
  /**
   * The state machine's name.
   * @default a name unique in the account and region, derived from this construct's path (stable across deploys)
   */
  readonly stateMachineName?: string;
}

export interface CaseWorkflowProps {
  /** The name the machine is deployed under, fixed before it exists (see CaseWorkflowName). */
  readonly name: CaseWorkflowName;
  /** Absolute path of the ASL file: the single definition, for AWS and for the local engine alike. */
  readonly definitionFile: string;
  /** ASL substitution name → the function whose ARN it stands for. */
  readonly taskFunctions: Readonly<Record<string, lambda.IFunction>>;
  /**
   * How long the workflow's log group keeps its logs.
   * @default WORKFLOW_LOG_RETENTION (three months)
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Days the workflow's logs are kept; execution data is never logged, so they hold ids and states only. */
export const WORKFLOW_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * The name of the case state machine, fixed before the machine exists. Functions the machine invokes
 * (SendReminder) also answer its task tokens, so their policies need the machine's ARN while the
 * machine needs theirs: naming it up front and deriving the ARN from the name breaks that cycle.
 * `stateMachine` is the machine referenced by that name: grant on it (`grantStartExecution`,
 * `grantTaskResponse`) to any function, the machine's own Tasks included.
 */
export class CaseWorkflowName extends Construct {
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** The machine as a reference by name, for grants that must not depend on the machine itself. */
  readonly stateMachine: sfn.IStateMachine;

  constructor(scope: Construct, id: string, props: CaseWorkflowNameProps = {}) {
    super(scope, id);
    // Unique per stack and stable across deploys: derived from the construct path, not from any value.
    this.stateMachineName =
      props.stateMachineName ?? Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    this.stateMachine = sfn.StateMachine.fromStateMachineName(this, 'Reference', this.stateMachineName);
    this.stateMachineArn = this.stateMachine.stateMachineArn;
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

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);
    const { name } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps the account's CloudWatch Logs resource policy from growing per group.
      logGroupName: `/aws/vendedlogs/states/${name.stateMachineName}`,
      retention: props.logRetention ?? WORKFLOW_LOG_RETENTION,
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
    ignoreCfnLintChecks(this.stateMachine.node.defaultChild as sfn.CfnStateMachine, [
      CFN_LINT_REDUNDANT_DEPENDENCY,
    ]);

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
