/** An SNS error, as the Query protocol answers it (`<ErrorResponse><Error><Type>, <Code>, <Message>`). */
export class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}
