import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { STAFF_ROUTES, type StaffFunctionName } from '../../functions/contract/routes.ts';
import { STAFF_GROUPS } from '../../functions/contract/staff.ts';
import { acknowledge } from './nag-acknowledgements.ts';
import { PORTAL_ACCESS_LOG_FIELDS, PORTAL_LOG_RETENTION } from './portal-api.ts';

export interface StaffConsoleProps {
  /**
   * What happens to the user pool when it leaves the stack.
   * @default RemovalPolicy.RETAIN: the staff's accounts and their MFA enrolments outlive the stack
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Steady-state requests per second and the burst the console's stage absorbs.
   * @default STAFF_THROTTLE (10 per second, bursts of 20: a team, not the public)
   */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export const STAFF_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;
/** How long a sign-in lasts: the ID token's validity, and so the session cookie's. */
export const STAFF_SESSION = Duration.minutes(60);

/**
 * The collections team's console (issue 12): a Cognito user pool for the staff (no self sign-up,
 * TOTP MFA required, the Plus tier's threat protection, a strong password policy) with the groups
 * `agents`, `supervisors` and `viewers`; an app client the console's function signs in through
 * (USER_PASSWORD_AUTH from the server, no secret, no OAuth flows); and an HTTP API of its own whose
 * routes (STAFF_ROUTES) all go to the console's function (`routeTo`).
 */
export class StaffConsole extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The ID tokens' issuer: the JWKS the console verifies against is under it. */
  readonly tokenIssuer: string;
  /** The console's start page. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: StaffConsoleProps = {}) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const [group, role] of Object.entries(STAFF_GROUPS)) {
      new cognito.CfnUserPoolGroup(this, `${group[0]?.toUpperCase()}${group.slice(1)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `Staff with the ${role} role in the collections console`,
      });
    }
    this.client = this.userPool.addClient('ConsoleClient', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: STAFF_SESSION,
      accessTokenValidity: STAFF_SESSION,
      refreshTokenValidity: Duration.hours(8),
      disableOAuth: true,
      enableTokenRevocation: true,
    });
    this.tokenIssuer = `https://cognito-idp.${this.userPool.stack.region}.amazonaws.com/${this.userPool.userPoolId}`;

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Customer-first collections: the collections team’s console',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      // The staff's actions are kept on each case's timeline; the access logs keep the portal's three months.
      retention: PORTAL_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { ...(props.throttle ?? STAFF_THROTTLE) },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(PORTAL_ACCESS_LOG_FIELDS)),
      },
    });
    this.url = `${this.api.apiEndpoint}/staff`;
  }

  /** Sends each staff route to the function STAFF_ROUTES names for it. */
  routeTo(handlers: Readonly<Record<StaffFunctionName, lambda.IFunction>>): void {
    const integrations = new Map<StaffFunctionName, HttpLambdaIntegration>();
    const integrationOf = (name: StaffFunctionName) => {
      let integration = integrations.get(name);
      if (!integration) {
        // The console's integration keeps its id (and so its logical id) from when it was the only one.
        const id =
          name === 'staffConsole'
            ? 'StaffConsoleIntegration'
            : `${name[0]?.toUpperCase()}${name.slice(1)}Integration`;
        integration = new HttpLambdaIntegration(id, handlers[name]);
        integrations.set(name, integration);
      }
      return integration;
    };
    for (const route of STAFF_ROUTES) {
      for (const added of this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf(route.function),
      })) {
        acknowledge(
          added,
          'AwsSolutions-APIG4',
          'The staff console authorises every request in its function: the session cookie holds a Cognito ID token ' +
            'that is verified against the user pool’s JWKS (issuer, audience, expiry, token use) and its group decides ' +
            'the role; an HTTP API JWT authorizer reads a bearer header, which a server-rendered console does not send.',
        );
      }
    }
  }
}
