import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { RenderedEmail } from '../../domain/emails.ts';

// Bounded, so a send ends (or fails) well within the delivery claim (case-mail.ts): 3 tries of 5 s.
const ses = new SESClient({ maxAttempts: 3, requestHandler: { requestTimeout: 5_000 } });

/**
 * Sends one email with HTML and plain-text parts, through the stack's configuration set (so its
 * bounce, complaint and delivery events come back); resolves SES's message id.
 */
export async function sendEmail(
  from: string,
  to: string,
  email: RenderedEmail,
  configurationSet: string,
): Promise<string> {
  const out = await ses.send(
    new SendEmailCommand({
      Source: from,
      ConfigurationSetName: configurationSet,
      Destination: { ToAddresses: [to] },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  return out.MessageId ?? '';
}
