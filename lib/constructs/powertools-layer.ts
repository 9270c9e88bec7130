import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { TRACER_MODULE } from '../../build/lambda-bundling.ts';

/** The construct id of the one layer reference a stack holds. */
const LAYER_ID = 'PowertoolsLayer';

/**
 * The version of Powertools the handlers are built and tested with: the installed tracer's (the
 * lock file pins it), so the layer a function runs with is the code its tests ran.
 */
export function powertoolsVersion(projectRoot: string): string {
  const manifest = path.join(projectRoot, 'node_modules', ...TRACER_MODULE.split('/'), 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version))
    throw new Error(`${manifest}: no plain version (${String(version)})`);
  return version;
}

/** The public SSM parameter AWS publishes with the layer's ARN for a version, in every region. */
export const powertoolsLayerParameter = (version: string): string =>
  `/aws/service/powertools/typescript/generic/all/${version}`;

/**
 * The Powertools for AWS Lambda (TypeScript) layer of that version, in the stack's region, resolved
 * at deploy time from AWS's own parameter (a CloudFormation parameter of type
 * `AWS::SSM::Parameter::Value<String>`): no account id or layer number written here. One per stack,
 * shared by every function that carries the tracer.
 */
export function powertoolsLayer(scope: Construct, projectRoot: string): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LAYER_ID) as lambda.ILayerVersion | undefined;
  if (existing) return existing;
  const arn = ssm.StringParameter.valueForStringParameter(
    stack,
    powertoolsLayerParameter(powertoolsVersion(projectRoot)),
  );
  return lambda.LayerVersion.fromLayerVersionArn(stack, LAYER_ID, arn);
}
