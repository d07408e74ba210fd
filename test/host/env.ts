/**
 * What the host tests need to know about their surroundings, independent of how they were launched
 * (code-server via test/harness/runAll.ts, or @vscode/test-electron via test/harness/electron.ts):
 * the harness writes test-results/host-env.json before it starts VS Code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resultsDir } from '../../sandbox/root';

export interface HostEnv {
  /** The sandbox origin, http://127.0.0.1:PORT: auth server and API. */
  sandboxUrl: string;
  /** `Sandbox.info` as the harness saw it (demo users, client id, …), when it was serialisable. */
  info?: unknown;
  /** The workspace folder VS Code was opened on. */
  workspaceFolder?: string;
}

export function hostEnvPath(): string {
  return path.join(resultsDir(), 'host-env.json');
}

let cached: HostEnv | undefined;

/**
 * The run's environment: $HOXTON_HOST_ENV (JSON, set by the harness for code-server and its extension host, so
 * concurrent runs cannot see each other's sandbox), else test-results/host-env.json, else $HOXTON_SANDBOX_URL.
 */
export function hostEnv(): HostEnv {
  if (cached) return cached;
  const file = hostEnvPath();
  if (process.env.HOXTON_HOST_ENV) {
    cached = JSON.parse(process.env.HOXTON_HOST_ENV) as HostEnv;
  } else if (fs.existsSync(file)) {
    cached = JSON.parse(fs.readFileSync(file, 'utf8')) as HostEnv;
  } else if (process.env.HOXTON_SANDBOX_URL) {
    cached = { sandboxUrl: process.env.HOXTON_SANDBOX_URL };
  } else {
    throw new Error(`${file} is missing: run the host tests through test/harness/runAll.js (npm test)`);
  }
  if (!cached.sandboxUrl) throw new Error('the host environment has no sandboxUrl');
  return cached;
}

/** Serialisable form of a HostEnv (drops an info that JSON cannot carry). */
export function serializeHostEnv(env: HostEnv): string {
  let info: unknown;
  try {
    info = env.info === undefined ? undefined : JSON.parse(JSON.stringify(env.info));
  } catch {
    info = undefined;
  }
  return JSON.stringify({ ...env, info });
}

/**
 * Used by the harness: writes test-results/host-env.json and returns the environment variables that carry the
 * same data into the extension host (HOXTON_HOST_ENV, HOXTON_SANDBOX_URL).
 */
export function writeHostEnv(env: HostEnv): { HOXTON_HOST_ENV: string; HOXTON_SANDBOX_URL: string } {
  const file = hostEnvPath();
  const json = serializeHostEnv(env);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(JSON.parse(json), null, 2) + '\n');
  cached = undefined;
  return { HOXTON_HOST_ENV: json, HOXTON_SANDBOX_URL: env.sandboxUrl };
}
