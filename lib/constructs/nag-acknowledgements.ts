import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

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
