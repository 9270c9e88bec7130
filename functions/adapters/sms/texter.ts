import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Texter } from '../../ports/effects.ts';

// Bounded, so a send ends (or fails) well within the delivery claim (deliver-email.ts): 3 tries of 5 s.
const client = new PinpointSMSVoiceV2Client({ maxAttempts: 3, requestHandler: { requestTimeout: 5_000 } });

/**
 * Texts through AWS End User Messaging SMS (`SendTextMessage`), from the stack's origination
 * identity and through its configuration set, as transactional messages (about the debtor's own
 * account, not marketing); resolves the service's message id.
 */
export function smsTexter(originationIdentity: string, configurationSetName: string): Texter {
  return {
    async send(to, body) {
      const out = await client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: to,
          OriginationIdentity: originationIdentity,
          ConfigurationSetName: configurationSetName,
          MessageBody: body,
          MessageType: 'TRANSACTIONAL',
        }),
      );
      return out.MessageId ?? '';
    },
  };
}
