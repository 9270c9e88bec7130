import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvName, FunctionSpec } from '../functions.ts';

export type CollectionsFunctionProps = {
  spec: FunctionSpec;
  /** Repository root: handler entries and the lock file are resolved against it. */
  projectRoot: string;
  /** A value for (at least) every variable the spec lists; the function gets exactly `spec.env`. */
  environment: Partial<Record<EnvName, string>>;
};

/** Days the functions' logs are kept; they hold ids only (DESIGN §7), never personal data. */
export const FUNCTION_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * One Lambda function of the product, built the same way for every entry of FUNCTIONS: Node.js 24
 * on arm64, X-Ray tracing, its own log group and its own role, which starts with nothing but
 * writing to that log group. Permissions are added by the caller from the spec.
 */
export class CollectionsFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: CollectionsFunctionProps) {
    super(scope, id);
    const { spec, projectRoot } = props;
    this.spec = spec;

    const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps' };
    for (const name of spec.env) {
      const value = props.environment[name];
      if (value === undefined) throw new Error(`${spec.id}: no value for its environment variable ${name}`);
      environment[name] = value;
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: FUNCTION_LOG_RETENTION,
      // Operational logs only (ids, no personal data); the case timeline in the table is the audit trail.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${spec.id} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 256,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 30),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // Stack traces map back to the sources without shipping the sources themselves.
        sourcesContent: false,
        // The SDK version the handlers were tested with, not whatever the runtime carries today.
        bundleAwsSDK: true,
        // Bundled CommonJS dependencies may call require(); ESM has none, so define it.
        banner:
          "import { createRequire as __collectionsCreateRequire } from 'node:module'; const require = __collectionsCreateRequire(import.meta.url);",
      },
    });
  }
}
