import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ENVIRONMENT, FUNCTION_ENVIRONMENT } from '../../functions/contract/environment.ts';
import { loadFunctionConfig } from '../../functions/shared/config.ts';
import { FUNCTIONS, type FunctionName } from '../../lib/functions.ts';

const VALID: Record<keyof typeof ENVIRONMENT, string> = {
  TABLE_NAME: 'collections',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:CollectionsCase',
  EVENT_BUS_NAME: 'default',
  SENDER_ADDRESS: 'accounts@example.com',
  SES_CONFIGURATION_SET: 'collections',
  PORTAL_BASE_URL: 'https://portal.example.com',
  LINK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:link-AbCdEf',
  DAY_SECONDS: '86400',
  DELIVERY_SWEEP_AFTER_SECONDS: '30',
  CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
  CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
  INVOICE_OVERDUE_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/a',
  PAYMENT_RECEIVED_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/b',
  CASE_UPDATE_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/c',
  INVOICE_DUE_SOON_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/d',
  EMAIL_EVENTS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/d',
  AR_TEAM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:ar-team',
  DOCUMENT_BUCKET_NAME: 'documents',
  STAFF_TOKEN_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEf123',
  STAFF_CLIENT_ID: 'client',
  CREDITOR: JSON.stringify({
    name: 'Acme accounts team',
    email: 'accounts@acme.example',
    phone: '+44 20 7946 0000',
    supportHours: 'Monday to Friday, 9am to 5pm',
  }),
  SMS_ORIGINATION_IDENTITY:
    'arn:aws:sms-voice:eu-west-1:123456789012:phone-number/phone-1234567890abcdef1234567890abcdef',
  SMS_CONFIGURATION_SET: 'texts',
  AGENCIES:
    '[{"agencyId":"northwind-recoveries","name":"Northwind Recoveries","segments":["consumer"],"currencies":["GBP"],"termDays":90,"contact":{"phone":"+44 20 7946 0123"},"reportSecretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:agency-AbCdEf"}]',
};

describe('the environment, declared once', () => {
  it('gives each function in the stack exactly the variables its handler loads', () => {
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      expect(spec.env).toEqual(FUNCTION_ENVIRONMENT[name as FunctionName]);
    }
    expect(Object.keys(FUNCTION_ENVIRONMENT).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  it('has each handler load the configuration of the function that deploys it', () => {
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      const source = readFileSync(spec.entry, 'utf8');
      expect(source, spec.entry).toContain(`loadFunctionConfig('${name}')`);
      expect(source, spec.entry).not.toMatch(/process\.env\./);
    }
  });

  it('loads exactly a function’s own variables, parsed', () => {
    const config = loadFunctionConfig('checkContact', { ...VALID, DAY_SECONDS: '0.5' });
    expect(config).toEqual({
      TABLE_NAME: 'collections',
      DAY_SECONDS: 0.5,
      CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
      CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
    });
  });

  it('stops at cold start with one line naming each missing or malformed variable', () => {
    const { TABLE_NAME: _missing, ...withoutTable } = VALID;
    expect(() =>
      loadFunctionConfig('sendReminder', {
        ...withoutTable,
        PORTAL_BASE_URL: 'not a url',
        DAY_SECONDS: '-1',
      }),
    ).toThrow(/^Invalid function configuration: TABLE_NAME: .+; PORTAL_BASE_URL: .+; DAY_SECONDS: .+$/);
  });

  it('accepts the values the stack and the local runtime give', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      expect(() => loadFunctionConfig(name, VALID)).not.toThrow();
    }
  });
});
