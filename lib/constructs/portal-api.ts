import { type CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PORTAL_ROUTES, type PortalFunctionName } from '../../functions/contract/routes.ts';
import { acknowledge, CFN_LINT_REDUNDANT_DEPENDENCY, ignoreCfnLintChecks } from './nag-acknowledgements.ts';

/** A custom domain for the portal and the ACM certificate that covers it. */
export interface PortalDomain {
  readonly domainName: string;
  /** Must be in the stack's region (a regional API endpoint). */
  readonly certificateArn: string;
}

export interface PortalApiProps {
  /**
   * A custom domain for the portal.
   * @default none: links point at the API's own execute-api endpoint
   */
  readonly domain?: PortalDomain;
  /**
   * Steady-state requests per second and the burst the default stage absorbs.
   * @default PORTAL_THROTTLE (50 per second, bursts of 100)
   */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** Requests per second the portal serves in steady state, and the burst it absorbs. */
export const PORTAL_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
export const PORTAL_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * Access log fields. Deliberately no path, query string or source IP: the path carries the signed
 * link (a bearer credential) and the IP is personal data (DESIGN §7). The route key names the page.
 */
export const PORTAL_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
} as const;

/**
 * The debtor's self-service site: an HTTP API whose routes (PORTAL_ROUTES) each go to the portal
 * function they name (`routeTo`), behind default-stage throttling, with access logs and an optional
 * custom domain.
 */
export class PortalApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly domainName?: apigwv2.DomainName;
  /** Base URL of the links in emails, without a trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: PortalApiProps = {}) {
    super(scope, id);

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Customer-first collections: the debtor self-service portal',
      createDefaultStage: false,
    });

    if (props.domain) {
      this.domainName = new apigwv2.DomainName(this, 'DomainName', {
        domainName: props.domain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: PORTAL_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { ...(props.throttle ?? PORTAL_THROTTLE) },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(PORTAL_ACCESS_LOG_FIELDS)),
      },
      domainMapping: this.domainName ? { domainName: this.domainName } : undefined,
    });
    for (const mapping of this.stage.node.children.filter((child) => child instanceof apigwv2.ApiMapping)) {
      ignoreCfnLintChecks(mapping.node.defaultChild as CfnResource, [CFN_LINT_REDUNDANT_DEPENDENCY]);
    }

    this.baseUrl = props.domain ? `https://${props.domain.domainName}` : this.api.apiEndpoint;
  }

  /** Sends each portal route to the function PORTAL_ROUTES names for it, one integration per function. */
  routeTo(handlers: Readonly<Record<PortalFunctionName, lambda.IFunction>>): void {
    const integrations = new Map<PortalFunctionName, HttpLambdaIntegration>();
    const integrationOf = (name: PortalFunctionName) => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${name[0]?.toUpperCase()}${name.slice(1)}Integration`,
          handlers[name],
        );
        integrations.set(name, integration);
      }
      return integration;
    };
    for (const route of PORTAL_ROUTES) {
      const routes = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf(route.function),
      });
      for (const added of routes) {
        acknowledge(
          added,
          'AwsSolutions-APIG4',
          'The portal is public by design: debtors arrive from a link in an email and have no account. ' +
            'Each request is authorised by the portal function that serves it, which accepts only an HMAC-signed, ' +
            'expiring, action-scoped link and answers anything else with the same 404-style page (DESIGN §7).',
        );
      }
    }
  }
}
