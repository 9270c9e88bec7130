import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One client per service per container. Endpoints come from the SDK's standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, which is how the local runtime points them at itself.
 */
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
export const stepFunctions = new SFNClient({});
export const eventBridge = new EventBridgeClient({});
export const ses = new SESClient({});
export const sqs = new SQSClient({});
export const secretsManager = new SecretsManagerClient({});
