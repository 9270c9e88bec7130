/** One text the phone received from the stack. */
export type PhoneText = {
  to: string;
  body: string;
  /** When it arrived, ISO 8601. */
  at: string;
  messageId: string;
  /** The origination identity and configuration set it was sent with. */
  originationIdentity: string;
  configurationSetName?: string;
};

/** A reply a debtor sent from the phone. */
export type PhoneReply = { from: string; body: string; at: string; inboundMessageId: string };
