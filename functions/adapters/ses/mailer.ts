import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { RenderedEmail } from '../../domain/emails.ts';
import { withoutSdkLogging } from '../sdk-client.ts';
import { traced } from '../tracing/tracer.ts';
import { mimeMessage } from './mime-message.ts';

// Bounded, so a send ends (or fails) well within the delivery claim (case-mail.ts): 3 tries of 5 s.
const ses = traced(
  withoutSdkLogging(new SESClient({ maxAttempts: 3, requestHandler: { requestTimeout: 5_000 } })),
);

/**
 * Sends one email, HTML and plain-text parts, as raw MIME (mime-message.ts: with the
 * `List-Unsubscribe` headers of RFC 8058 when it has an unsubscribe URL), through the stack's
 * configuration set (so its bounce, complaint and delivery events come back); resolves SES's
 * message id.
 */
export async function sendEmail(
  from: string,
  to: string,
  email: RenderedEmail,
  configurationSet: string,
): Promise<string> {
  const out = await ses.send(
    new SendRawEmailCommand({
      Source: from,
      Destinations: [to],
      ConfigurationSetName: configurationSet,
      RawMessage: { Data: await mimeMessage(from, to, email) },
    }),
  );
  return out.MessageId ?? '';
}
