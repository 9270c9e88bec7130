import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BillingDetailType, DEFAULT_BILLING_SOURCE } from '../functions/contract/events.ts';
import { JAVA_MISSING, javaMajorVersion } from '../local/java.ts';
import { startLocalRuntime } from '../local/runtime/index.ts';
import { sampleOverdueInvoices } from '../local/samples.ts';

/** `npm start`: the whole system on this machine, then a few overdue invoices to watch. */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    'day-seconds': { type: 'string', default: '10' },
    'no-samples': { type: 'boolean', default: false },
    'state-dir': { type: 'string', default: '.local' },
    'clock-start': { type: 'string' },
  },
});
const clockStart = values['clock-start'];
if (clockStart !== undefined && Number.isNaN(Date.parse(clockStart))) {
  console.error(
    `--clock-start must be an ISO 8601 instant such as 2026-03-29T00:30:00Z (got "${clockStart}")`,
  );
  process.exit(2);
}
const daySeconds = Number(values['day-seconds']);
if (!Number.isFinite(daySeconds) || daySeconds <= 0) {
  console.error(`--day-seconds must be a positive number of seconds (got "${values['day-seconds']}")`);
  process.exit(2);
}
if ((javaMajorVersion() ?? 0) < 17) {
  console.error(JAVA_MISSING);
  process.exit(1);
}

const stateDir = path.resolve(rootDir, values['state-dir']);
const runtime = await startLocalRuntime({
  rootDir,
  daySeconds,
  stateDir,
  ...(clockStart ? { clockStart } : {}),
});
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local services…`);
  await runtime.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const { endpoints } = runtime;
mkdirSync(stateDir, { recursive: true });
writeFileSync(path.join(stateDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
console.log(`Customer-first collections is running locally (a policy day lasts ${daySeconds} s;
the policy clock, on which contact hours are judged, reads ${endpoints.clock.originPolicy} now).

  Mailbox (read the emails, click their links)  ${endpoints.mailbox}
  Phone (read the texts, reply as a debtor)     ${endpoints.phone}
  Portal (the debtor's pages)                   ${endpoints.portal}
  Staff console (the collections team)          ${endpoints.staffConsole}
${endpoints.staffUsers.map((user) => `    ${user.role.padEnd(10)} ${user.email}  password ${user.password}`).join('\n')}
  Collection agency (placements, reports)       ${endpoints.agency}
  EventBridge  ${endpoints.eventbridge}   bus "${endpoints.eventBusName}"
  Step Functions ${endpoints.stepfunctions}   ${endpoints.stateMachineArn}
  DynamoDB     ${endpoints.dynamodb}   table "${endpoints.tableName}"
  SES          ${endpoints.ses}
  S3           ${endpoints.s3}
  SQS          ${endpoints.sqs}   (dead-letter queues: ${endpoints.sqs}/queues)
  SNS          ${endpoints.sns}   AR team topic (disputes, callbacks: ${endpoints.sns}/messages)

The same map is in ${path.relative(process.cwd(), path.join(stateDir, 'endpoints.json'))}. Ctrl-C stops everything.`);

if (!values['no-samples']) {
  const events = new EventBridgeClient({
    endpoint: endpoints.eventbridge,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const samples = sampleOverdueInvoices(new Date());
  await events.send(
    new PutEventsCommand({
      Entries: samples.map((detail) => ({
        EventBusName: endpoints.eventBusName,
        Source: DEFAULT_BILLING_SOURCE,
        DetailType: BillingDetailType.invoiceOverdue,
        Detail: JSON.stringify(detail),
      })),
    }),
  );
  console.log(
    `\nSent ${samples.length} sample overdue invoices. Friendly reminders arrive in the mailbox within ${Math.ceil(daySeconds * 3)} s.`,
  );
}
