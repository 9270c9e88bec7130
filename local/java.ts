import { spawnSync } from 'node:child_process';

/** The Java major version on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(out.stderr + out.stdout);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and run again.';

export function assertJava(): void {
  const version = javaMajorVersion();
  if (version === undefined || version < 17) throw new MissingJavaError(JAVA_MISSING);
}

export class MissingJavaError extends Error {
  override name = 'MissingJavaError';
}
