import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { agencyRulePattern } from '../../functions/contract/rules.ts';
import type { AgencyConfig } from '../stack-config.ts';
import { DEAD_LETTER_RETENTION } from './buffered-intake.ts';
import { acknowledge } from './nag-acknowledgements.ts';

/**
 * How EventBridge retries a delivery the agency's endpoint refused or could not take (5xx, 429, a
 * timeout): for a day, up to this many attempts, then the event goes to the dead-letter queue.
 */
export const AGENCY_DELIVERY = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;

/** Length of the generated secret an agency signs its reports with. */
export const AGENCY_REPORT_SECRET_LENGTH = 64;

export interface AgencyPlacementProps {
  readonly agency: AgencyConfig;
  readonly bus: events.IEventBus;
}

/**
 * One collection agency (issue 14): an EventBridge connection (its API key or OAuth client
 * credentials, kept in Secrets Manager by EventBridge), an API destination with a rate limit, and a
 * rule on the collections bus that sends the agency its placements and forwards (`detail.agencyId`)
 * with a day of retries and a dead-letter queue (alarmed: an undelivered placement goes to a person).
 * Its report-signing secret is generated here; the agency is given it out of band.
 */
export class AgencyPlacement extends Construct {
  readonly connection: events.Connection;
  readonly destination: events.ApiDestination;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly reportSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: AgencyPlacementProps) {
    super(scope, id);
    const { agency } = props;
    const auth = agency.auth;
    this.connection = new events.Connection(this, 'Connection', {
      description: `Customer-first collections: how placements reach ${agency.name}`,
      authorization:
        auth.type === 'api-key'
          ? events.Authorization.apiKey(auth.headerName, SecretValue.secretsManager(auth.secretArn))
          : events.Authorization.oauth({
              authorizationEndpoint: auth.tokenEndpoint,
              httpMethod: events.HttpMethod.POST,
              clientId: auth.clientId,
              clientSecret: SecretValue.secretsManager(auth.clientSecretArn),
              ...(auth.scope
                ? { bodyParameters: { scope: events.HttpParameter.fromString(auth.scope) } }
                : {}),
            }),
    });
    this.destination = new events.ApiDestination(this, 'Destination', {
      description: `Customer-first collections: ${agency.name}'s placements endpoint`,
      connection: this.connection,
      endpoint: agency.endpoint,
      httpMethod: events.HttpMethod.POST,
      rateLimitPerSecond: agency.rateLimitPerSecond,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This is the dead-letter queue of the agency rule’s target: nothing else sends to it.',
    );
    this.rule = new events.Rule(this, 'Rule', {
      description: `Sends ${agency.name} its placements and forwards`,
      eventBus: props.bus,
      eventPattern: (() => {
        const pattern = agencyRulePattern(agency.agencyId);
        return { source: pattern.source, detailType: pattern['detail-type'], detail: pattern.detail };
      })(),
      targets: [
        new targets.ApiDestination(this.destination, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: AGENCY_DELIVERY.retryAttempts,
          maxEventAge: AGENCY_DELIVERY.maxEventAge,
          // The agency de-duplicates by the event's id (a retry carries the same one).
          headerParameters: { 'X-Collections-Event-Id': '$.id' },
        }),
      ],
    });
    this.reportSecret = new secretsmanager.Secret(this, 'ReportSecret', {
      description: `Customer-first collections: HMAC key ${agency.name} signs its reports with`,
      generateSecretString: {
        passwordLength: AGENCY_REPORT_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
        requireEachIncludedType: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.reportSecret,
      'AwsSolutions-SMG4',
      'The agency holds a copy to sign its reports: a rotation is agreed with the agency and done by hand.',
    );
  }
}
