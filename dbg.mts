process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
import { appendFileSync } from 'node:fs';
const { startTestRuntime, overdueInvoice, BillingDetailType } = await import('./test/support/local-runtime.ts');
const { startMeter } = await import('./bench/meter.ts');
const rt = await startTestRuntime(2);
const meter = startMeter(rt.lambdas, rt.endpoints, () => 'x', { billTransactions: process.env.BILL === '1' });
const origErr = process.stderr.write.bind(process.stderr);
const w = process.stdout.write;
// peek at what the meter swallows
await rt.putBillingEvent(BillingDetailType.invoiceOverdue, overdueInvoice({ accountId: 'DBG-1', invoiceId: 'INV-DBG', email: 'dbg@example.com' }));
for (let i = 0; i < 60 && (await rt.emailsTo('dbg@example.com')).length === 0; i++) await new Promise((r) => setTimeout(r, 1000)); await new Promise((r) => setTimeout(r, 3000));
const t = meter.tally('x');
console.log(JSON.stringify({ lambda: [...t.lambda], calls: [...t.calls], w: t.writeUnits, r: t.readUnits, logs: t.logBytes }));
console.log('dlq', rt.sqs.messages('collections-InvoiceOverdue-dead-letters').length, 'emails', (await rt.emailsTo('dbg@example.com')).length);
meter.stop();
await rt.close();
process.exit(0);
