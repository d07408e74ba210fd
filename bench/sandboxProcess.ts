// The benchmarks' sandbox in its own process (so its CPU is not the client's, as with a real server on loopback).
// Started by startSandboxProcess(); answers { url } over IPC when it listens and stops when its parent goes.
import { fork, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { SandboxOptions } from '../sandbox/index';

export interface SandboxProcess {
  url: string;
  /** GET/POST one of the sandbox's admin endpoints (/__sandbox/…). */
  admin<T = unknown>(what: string, body?: unknown, method?: string): Promise<T>;
  stats(): Promise<{ tokenRequests: number; requests: Record<string, number>; maxInFlight: number }>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

if (require.main === module) {
  const opts = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSandbox } = require('../sandbox/index') as typeof import('../sandbox/index');
  startSandbox(opts).then(
    (sb) => {
      process.send?.({ url: sb.url });
      process.on('disconnect', () => void sb.close().finally(() => process.exit(0)));
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

export function startSandboxProcess(opts: SandboxOptions): Promise<SandboxProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(path.join(__dirname, 'sandboxProcess.js'), [JSON.stringify(opts)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code}) before it listened`)));
    child.once('message', (m: { url: string }) => {
      const url = m.url;
      const admin = async <T>(what: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> => {
        const res = await fetch(`${url}/__sandbox/${what}`, {
          method,
          headers: { 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`sandbox ${what} → ${res.status}`);
        const text = await res.text();
        return (text ? JSON.parse(text) : undefined) as T;
      };
      resolve({
        url,
        admin,
        stats: () => admin('stats'),
        resetStats: async () => void (await admin('stats/reset', {})),
        close: () =>
          new Promise<void>((done) => {
            process.off('exit', kill);
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.disconnect();
            setTimeout(kill, 3000).unref();
          }),
      });
    });
  });
}
