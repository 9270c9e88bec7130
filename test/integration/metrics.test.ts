import { afterAll, describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/contract/metrics.ts';
import { captureEmfLines, type EmfLine } from '../support/emf-lines.ts';
import { eventually, useTestRuntime } from '../support/local-runtime.ts';

// The local runtime keeps the metrics quiet unless asked (local/runtime/environment.ts): this file
// asks, before the runtime loads the handlers.
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

// Captured until the runtime has stopped (after hooks run in reverse: this one last), so the
// scheduled runs' lines never reach the test's output.
const emf = captureEmfLines();
afterAll(() => emf.stop());
// A policy day lasts 30 s: the friendly reminder waits for its reply long enough to pay it.
const runtime = useTestRuntime(30);

/** The data points of a metric of the contract emitted so far, each as its dimension values and value. */
const pointsOf = (key: keyof typeof METRICS) => {
  const definition = METRICS[key];
  return emf
    .lines()
    .filter((line: EmfLine) => line._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name === definition.name)
    .map((line) => {
      const [set] = line._aws.CloudWatchMetrics;
      // Exactly the contract's dimension set, in its namespace, with its unit (what the dashboard reads).
      expect(set?.Namespace).toBe(METRICS_NAMESPACE);
      expect(set?.Dimensions).toStrictEqual([['service', ...definition.dimensions]]);
      expect(set?.Metrics).toStrictEqual([{ Name: definition.name, Unit: definition.unit }]);
      expect(line.service).toBe(METRICS_SERVICE);
      return {
        ...Object.fromEntries(definition.dimensions.map((name) => [name, line[name]])),
        value: line[definition.name],
      };
    });
};
const emitted = (key: keyof typeof METRICS, point: Record<string, unknown>) =>
  eventually(`${METRICS[key].name} ${JSON.stringify(point)}`, async () =>
    pointsOf(key).some((candidate) => JSON.stringify(candidate) === JSON.stringify(point)),
  );

describe('the metrics of a case’s life, as EMF through the local runtime', () => {
  it('counts the case opened, the reminder sent and delivered, the payment and the case resolved', async () => {
    // success@: the mailbox simulator delivers, and SES's Delivery event comes back through intake.
    const email = 'success+metrics@simulator.amazonses.com';
    await runtime().caseWithReminder('ACC-METRICS', email, { amount: 10_000 });
    await emitted('casesOpened', { segment: 'consumer', value: 1 });
    await emitted('messagesSent', { kind: 'friendly', value: 1 });
    await emitted('emailsDelivered', { value: 1 });

    await runtime().pay('ACC-METRICS', 'PAY-METRICS', 10_000);
    await emitted('paymentsReceived', { segment: 'consumer', value: 1 });
    await emitted('amountReceived', { currency: 'GBP', value: 10_000 });
    await emitted('casesResolved', { segment: 'consumer', outcome: 'paid', value: 1 });
    await emitted('messagesSent', { kind: 'thanks', value: 1 });
    // No promise or plan was made: nothing kept, nothing bounced or refused.
    expect(pointsOf('commitmentsKept')).toStrictEqual([]);
    expect(pointsOf('emailsBounced')).toStrictEqual([]);
    expect(pointsOf('messagesWithheld')).toStrictEqual([]);
    // Once each: the stream brought each entry once.
    expect(pointsOf('casesOpened')).toHaveLength(1);
    expect(pointsOf('casesResolved')).toHaveLength(1);
  }, 60_000);

  it('counts SES’s permanent bounces and complaints, from the entries the simulator’s events write', async () => {
    await Promise.all([
      runtime().caseWithReminder('ACC-METRICS-BOUNCE', 'bounce+metrics@simulator.amazonses.com'),
      runtime().caseWithReminder('ACC-METRICS-COMPLAINT', 'complaint+metrics@simulator.amazonses.com'),
    ]);
    await emitted('emailsBounced', { bounceType: 'Permanent', value: 1 });
    await emitted('emailsComplained', { value: 1 });
    expect(pointsOf('emailsBounced')).toHaveLength(1);
  }, 60_000);

  it('the outbox carriers’ scheduled runs report their backlog', async () => {
    await eventually('a scheduled run', async () => pointsOf('outboxOldestItemAge').length > 0, 30_000);
    for (const point of pointsOf('outboxBacklog')) expect(point.value).toEqual(expect.any(Number));
    expect(pointsOf('outboxBacklog').length).toBeGreaterThan(0);
  }, 40_000);
});
