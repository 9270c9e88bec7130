/**
 * An AWS SDK client without its logger middleware. The middleware builds a copy of every call's
 * input and output with sensitive members masked, for the client's logger, before it knows the
 * logger does nothing: our clients never get one. That copy walks the call's schema on every
 * DynamoDB call, a few per cent of a busy function's CPU (issue 15). Nothing else reads it.
 */
export function withoutSdkLogging<Client extends { middlewareStack: { remove(name: string): boolean } }>(
  client: Client,
): Client {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
