import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { STAFF_GROUPS, type StaffRole } from '../../functions/contract/staff.ts';
import { onFreePort } from '../dynamodb/free-port.ts';

/**
 * The staff user pool on this machine (issue 12): `cognito-local` (user pools, groups in the ID
 * token's `cognito:groups`, USER_PASSWORD_AUTH, the JWKS at `/<poolId>/.well-known/jwks.json`), run
 * as a child process in its own state directory, with one demo user per role. It pulls the
 * end-of-support AWS SDK v2, which is why it lives here and never in a function.
 *
 * MFA: the deployed pool requires TOTP (lib/constructs/staff-console.ts). cognito-local answers the
 * SOFTWARE_TOKEN_MFA challenge for a user who set up an authenticator (with an access token), but
 * not the MFA_SETUP step of a first sign-in, so the local pool's MFA is optional and the demo users
 * (whose passwords scripts use) have none.
 */
export type StaffUser = { email: string; password: string; role: StaffRole };
export type LocalCognito = {
  url: string;
  userPoolId: string;
  clientId: string;
  /** cognito-local's issuer: `http://127.0.0.1:<port>/<poolId>`. */
  issuer: string;
  users: StaffUser[];
  /** The admin client (tests add pools and users through it). */
  client: CognitoIdentityProviderClient;
  close(): Promise<void>;
};

const require = createRequire(import.meta.url);

/** A password the pool's default policy accepts, new for each run. */
const demoPassword = () => `Local-${randomBytes(9).toString('base64url')}-9a`;

/** Creates a pool with the console's groups and app client; one user per entry of `users`. */
export async function createStaffPool(
  client: CognitoIdentityProviderClient,
  name: string,
  users: readonly { email: string; role: StaffRole }[],
): Promise<{ userPoolId: string; clientId: string; users: StaffUser[] }> {
  const pool = await client.send(
    new CreateUserPoolCommand({ PoolName: name, UsernameAttributes: ['email'] }),
  );
  const userPoolId = pool.UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local created no user pool');
  const app = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'console',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = app.UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local created no app client');
  for (const group of Object.keys(STAFF_GROUPS))
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  const created: StaffUser[] = [];
  for (const user of users) {
    const password = demoPassword();
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        Password: password,
        Permanent: true,
      }),
    );
    const group = Object.entries(STAFF_GROUPS).find(([, role]) => role === user.role)?.[0];
    if (group)
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: group }),
      );
    created.push({ ...user, password });
  }
  return { userPoolId, clientId, users: created };
}

export const DEMO_STAFF: readonly { email: string; role: StaffRole }[] = [
  { email: 'agent@collections.example', role: 'agent' },
  { email: 'supervisor@collections.example', role: 'supervisor' },
  { email: 'viewer@collections.example', role: 'viewer' },
];

/** Starts cognito-local on a free port in `stateDir` and creates the staff pool with its demo users. */
export async function startCognitoLocal(stateDir: string): Promise<LocalCognito> {
  mkdirSync(path.join(stateDir, '.cognito'), { recursive: true });
  // Every pool's defaults (cognito-local reads .cognito/config.json in its working directory): MFA
  // optional, so a member with an authenticator is asked for its code (see above).
  writeFileSync(
    path.join(stateDir, '.cognito', 'config.json'),
    `${JSON.stringify({ UserPoolDefaults: { UsernameAttributes: ['email'], MfaConfiguration: 'OPTIONAL' } })}\n`,
  );
  const started = await onFreePort((port) => startOn(stateDir, port));
  try {
    const pool = await createStaffPool(started.client, 'collections-staff', DEMO_STAFF);
    return { ...started, ...pool, issuer: `${started.url}/${pool.userPoolId}` };
  } catch (error) {
    await started.close();
    throw error;
  }
}

/** Starts cognito-local on `port` and waits until it answers. */
async function startOn(
  stateDir: string,
  port: number,
): Promise<{ url: string; client: CognitoIdentityProviderClient; close(): Promise<void> }> {
  const entry = path.join(path.dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: stateDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1' },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const client = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const close = async () => {
    process.removeListener('exit', killOnExit);
    client.destroy();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      await closed;
      throw new Error(`cognito-local exited early:\n${output}`);
    }
    try {
      // Whichever comes first: whatever holds the port may accept and never answer.
      await Promise.race([client.send(new ListUserPoolsCommand({ MaxResults: 1 })), exited]);
      if (child.exitCode !== null) continue;
      break;
    } catch {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`cognito-local did not start within 20 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  return { url, client, close };
}
