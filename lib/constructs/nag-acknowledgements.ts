import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

// Reviewed findings of the two checkers that run on the template: cdk-nag (on every synth) and
// cfn-lint (`cfn-lint cdk.out/*.template.json`). Each is silenced where it arises, never globally.

/**
 * cdk-nag v3 acknowledgements (CDK's `Validations.of(...).acknowledge`). Each finding is acknowledged
 * by its exact id, on the construct that owns the resource, with the reason a reviewer reads.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The id cdk-nag gives a wildcard resource built on a resource's ARN: `Resource::<LogicalId.Arn><suffix>`. */
export function arnWildcardFinding(resource: IConstruct, suffix: string): string {
  const cfn = (resource.node.defaultChild ?? resource) as CfnResource;
  const logicalId: string = Stack.of(cfn).resolve(cfn.logicalId);
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>${suffix}]`;
}

/** The finding for a statement whose resource must be "*" (services without resource-level permissions). */
export const STAR_RESOURCE_FINDING = 'AwsSolutions-IAM5[Resource::*]';

/**
 * cfn-lint's W3005 ("dependency already enforced by a GetAtt/Ref"), where CDK adds a construct
 * dependency on purpose: a function (or the state machine) must wait for its role's DefaultPolicy,
 * which nothing else references, so CDK depends on the whole role, Role resource included; an API
 * mapping waits for its custom domain name. The redundant half cannot be dropped without the needed
 * one and is harmless; the check stays on for every other resource.
 */
export const CFN_LINT_REDUNDANT_DEPENDENCY = 'W3005';

/** Tells cfn-lint (resource-level `Metadata.cfn-lint`) to skip the given checks on this one resource. */
export function ignoreCfnLintChecks(resource: CfnResource, checks: readonly string[]): void {
  resource.addMetadata('cfn-lint', { config: { ignore_checks: [...checks] } });
}

/**
 * cfn-lint's E3002 ("additional properties are not allowed"), on AWS::CloudWatch::Dashboard only: its
 * `Tags` property (the cost allocation tags) is in CloudFormation's resource schema and in CDK's L1
 * (CfnDashboard, since aws-cdk-lib 2.257), but not yet in the schema cfn-lint 1.51 bundles. Every other
 * property of the dashboard, and every other resource, is still checked against the schema.
 */
export const CFN_LINT_SCHEMA_WITHOUT_TAGS = 'E3002';
