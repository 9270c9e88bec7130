import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, Node } from 'constructs';
import { lambdaEsbuildArgs, tracerBundling } from '../../build/lambda-bundling.ts';
import { METRICS_ENVIRONMENT } from '../../functions/contract/metrics.ts';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, type EnvName, type FunctionSpec } from '../functions.ts';
import {
  acknowledge,
  CFN_LINT_REDUNDANT_DEPENDENCY,
  ignoreCfnLintChecks,
  STAR_RESOURCE_FINDING,
} from './nag-acknowledgements.ts';
import { powertoolsLayer } from './powertools-layer.ts';

export interface CollectionsFunctionProps {
  /** The entry of FUNCTIONS this function deploys: handler file, description, size, environment. */
  readonly spec: FunctionSpec;
  /** Repository root: handler entries and the lock file are resolved against it. */
  readonly projectRoot: string;
  /** A value for (at least) every variable the spec lists; the function gets exactly `spec.env`. */
  readonly environment: Readonly<Partial<Record<EnvName, string>>>;
  /**
   * How long the function's own log group keeps its logs.
   * @default FUNCTION_LOG_RETENTION (three months)
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Days the functions' logs are kept; they hold ids only (DESIGN §7), never personal data. */
export const FUNCTION_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * One Lambda function of the product, built the same way for every entry of FUNCTIONS: Node.js 24
 * on arm64, X-Ray tracing, its own log group and its own role, which starts with nothing but
 * writing to that log group and tracing; Powertools' service and metrics namespace set from the
 * metrics contract (functions/contract/metrics.ts).
 *
 * It is a `lambda.IFunction` and an `iam.IGrantable` in its own right (like CDK's SingletonFunction,
 * it wraps the NodejsFunction it deploys), so callers grant to it with the resources' own methods
 * (`table.grantReadWriteData(fn)`), hand it to event sources, targets and integrations, and let the
 * state machine invoke it, without reaching into its parts. The children keep their construct ids
 * (`Logs`, `Role`, `Function`), so the deployed resources keep their logical ids.
 */
export class CollectionsFunction extends lambda.FunctionBase {
  readonly spec: FunctionSpec;
  readonly functionName: string;
  readonly functionArn: string;
  readonly role: iam.Role;
  readonly grantPrincipal: iam.IPrincipal;
  readonly architecture: lambda.Architecture;
  readonly tenancyConfig?: lambda.TenancyConfig;
  readonly permissionsNode: Node;
  readonly logGroup: logs.LogGroup;
  protected readonly canCreatePermissions = true;
  private readonly handler: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: CollectionsFunctionProps) {
    super(scope, id);
    const { spec, projectRoot } = props;
    this.spec = spec;

    // Powertools' service name and metrics namespace come from the metrics contract, the same for every
    // function, so the dashboard and the alarms find what the handlers emit.
    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      ...METRICS_ENVIRONMENT,
    };
    for (const name of spec.env) {
      const value = props.environment[name];
      if (value === undefined) throw new Error(`${spec.id}: no value for its environment variable ${name}`);
      environment[name] = value;
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? FUNCTION_LOG_RETENTION,
      // Operational logs only (ids, no personal data); the case timeline in the table is the audit trail.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${spec.id} function`,
    });
    this.logGroup.grantWrite(this.role);

    // Powertools Tracer comes from its layer (build/lambda-bundling.ts), except where the spec says no.
    const tracer = spec.tracer ?? true;
    this.handler = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      ...(tracer ? { layers: [powertoolsLayer(this, projectRoot)] } : {}),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment,
      // A function that reads the link secret reads it through the AWS Parameters and Secrets Lambda
      // Extension (functions/adapters/secrets/link-secret.ts) rather than bundling the Secrets Manager
      // client; the extension uses the function's role, which the spec's `secret:read` grants.
      ...(spec.permissions.includes('secret:read') || spec.permissions.includes('agency-secrets:read')
        ? {
            paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
              lambda.ParamsAndSecretsVersions.V1_0_103,
              { logLevel: lambda.ParamsAndSecretsLogLevel.WARN },
            ),
          }
        : {}),
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
        // Lambda-only stand-ins (the credential chain reduced to the environment, no event-stream
        // codec): written `--alias:<package>=<module>`, resolved from projectRoot, esbuild's cwd.
        esbuildArgs: lambdaEsbuildArgs(tracer),
        // The tracer's package is the layer's, left out of the bundle (or stood in for, without it).
        externalModules: [...tracerBundling(tracer).external],
      },
    });

    this.functionName = this.handler.functionName;
    this.functionArn = this.handler.functionArn;
    this.grantPrincipal = this.handler.grantPrincipal;
    this.architecture = this.handler.architecture;
    this.tenancyConfig = this.handler.tenancyConfig;
    this.permissionsNode = this.handler.node;
    // The escape hatch (`fn.node.defaultChild`) is the deployed AWS::Lambda::Function.
    const cfnFunction = this.handler.node.defaultChild as lambda.CfnFunction;
    this.node.defaultChild = cfnFunction;
    ignoreCfnLintChecks(cfnFunction, [CFN_LINT_REDUNDANT_DEPENDENCY]);

    acknowledge(
      this.role,
      STAR_RESOURCE_FINDING,
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, ' +
        'so AWS requires Resource "*"; the statement holds those two actions only (checked by test/stack).',
    );
  }

  get resourceArnsForGrantInvoke(): string[] {
    return this.handler.resourceArnsForGrantInvoke;
  }

  override get isBoundToVpc(): boolean {
    return this.handler.isBoundToVpc;
  }

  override get connections(): ec2.Connections {
    return this.handler.connections;
  }

  // What CDK creates for the function (permissions, event source mappings, invoke grants) is created
  // by the deployed function itself, under its own construct path, as if callers held it directly.

  override addPermission(id: string, permission: lambda.Permission): void {
    this.handler.addPermission(id, permission);
  }

  override addEventSource(source: lambda.IEventSource): void {
    this.handler.addEventSource(source);
  }

  override addEventSourceMapping(
    id: string,
    options: lambda.EventSourceMappingOptions,
  ): lambda.EventSourceMapping {
    return this.handler.addEventSourceMapping(id, options);
  }

  override grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.handler.grantInvoke(grantee);
  }

  protected override _functionNode(): Node {
    return this.handler.node;
  }
}
