/**
 * `npm run soak [-- --minutes 60 --outage-at 10 --outage-minutes 5]`: 20 watched occupancy monitors in a real
 * extension host (code-server + chromium, Hoxton Reports in test mode, `hoxton.occupancy.watchSeconds` 15) against
 * the sandbox for the given time (default 60 minutes), with a network outage (the sandbox resets every connection)
 * of 5 minutes from minute 10 when the run is long enough (`--outage-minutes 0`: none). The watching code is the
 * extension's own OccupancyWatcher (bench/soakHost.ts drives it). Prints the requests per round (counted by the
 * sandbox), the extension host's heap after GC at the start, every 10 minutes and at the end, the outage's rounds
 * and notifications, and the extension's pending timers after sign-out and after deactivation; writes all of it to
 * test-results/soak-<time>.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureTestHost, projectRoot, runExtensionTests, startProjectSandbox } from '../test/harness/codeServer';
import { resultsDir } from '../sandbox/root';
import { serializeHostEnv } from '../test/host/env';

interface Line {
  kind: string;
  [k: string]: unknown;
}

function args(argv: string[]): { minutes: number; outageAt: number; outageMinutes: number } {
  const o = { minutes: 60, outageAt: 10, outageMinutes: 5 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = Number(argv[++i]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${k} needs a number`);
    if (k === '--minutes') o.minutes = v;
    else if (k === '--outage-at') o.outageAt = v;
    else if (k === '--outage-minutes') o.outageMinutes = v;
    else throw new Error(`unknown argument ${k} (--minutes N, --outage-at N, --outage-minutes N)`);
  }
  // The outage needs time around it: rounds before, and the backoff (up to 4 minutes at 15 s) plus rounds after.
  if (o.outageMinutes === 0 || o.outageAt + o.outageMinutes + 6 > o.minutes) o.outageAt = -1;
  return o;
}

async function main(): Promise<number> {
  const o = args(process.argv.slice(2));
  ensureTestHost();
  const root = projectRoot();
  const sandbox = await startProjectSandbox({ port: 0, quiet: true });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-soak-ws-'));
  const lines: Line[] = [];
  const started = new Date();
  console.log(
    `soak: 20 watched occupancy monitors for ${o.minutes} min, watchSeconds 15` +
      (o.outageAt >= 0 ? `, outage from minute ${o.outageAt} for ${o.outageMinutes} min` : ', no outage') +
      ` (sandbox ${sandbox.url})`,
  );
  try {
    const res = await runExtensionTests({
      name: 'soak',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'soakHost.js'),
      folder,
      settings: {
        'hoxton.apiUrl': sandbox.url,
        'hoxton.auth.domain': sandbox.url,
        'hoxton.auth.clientId': 'sandbox-acme',
        'hoxton.occupancy.watchSeconds': 15,
      },
      env: {
        HOXTON_HOST_ENV: serializeHostEnv({ sandboxUrl: sandbox.url, info: sandbox.info, workspaceFolder: folder }),
        HOXTON_SANDBOX_URL: sandbox.url,
        HOXTON_SOAK_MINUTES: String(o.minutes),
        HOXTON_SOAK_OUTAGE_AT: String(o.outageAt),
        HOXTON_SOAK_OUTAGE_MINUTES: String(o.outageMinutes),
      },
      timeoutMs: (o.minutes + 15) * 60_000,
      silenceTimeoutMs: 10 * 60_000,
      onLog: (line) => {
        const m = /^HOXTON_SOAK (\{.*\})\s*$/.exec(line);
        if (!m) return;
        const l = JSON.parse(m[1]) as Line;
        lines.push(l);
        if (l.kind !== 'tick') console.log(`  ${m[1]}`);
      },
    });
    const rounds = lines.filter((l) => l.kind === 'round');
    const outside = rounds.filter((r) => r.outage !== 'on');
    const perRound = new Map<number, number>();
    for (const r of outside) perRound.set(r.sandbox as number, (perRound.get(r.sandbox as number) ?? 0) + 1);
    const during = rounds.filter((r) => r.outage === 'on');
    const summary = lines.find((l) => l.kind === 'summary');
    const timers = lines.filter((l) => l.kind === 'timers');
    console.log('\n── soak result ──');
    console.log(`extension host exit code ${res.exitCode} after ${(res.durationMs / 60_000).toFixed(1)} min`);
    console.log(
      `rounds: ${rounds.length}; data requests per round (sandbox's count) outside the outage: ` +
        [...perRound].map(([n, c]) => `${n} in ${c} round(s)`).join(', '),
    );
    if (during.length) {
      console.log(
        `outage: ${during.length} round(s), ${during.reduce((s, r) => s + (r.sandbox as number), 0)} data requests, ` +
          `waits ${during.map((r) => `${r.delayS} s`).join(', ')}; status changes ${JSON.stringify(summary?.problemChanges)}; ` +
          `notifications during the outage: ${String(summary?.notificationsDuringOutage)}`,
      );
    }
    if (summary)
      console.log(
        `heap after GC: start ${String(summary.heapStartMB)} MB, end ${String(summary.heapEndMB)} MB (Δ ${String(summary.heapDeltaMB)} MB)`,
      );
    for (const t of timers)
      console.log(
        `timers ${String(t.when)}: ${String(t.pending)} pending (before: ${String(t.pendingBefore)}), watch scheduled: ${String(t.scheduled)}`,
      );
    const file = path.join(resultsDir(), `soak-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ options: o, lines }, null, 1));
    console.log(`all lines: ${path.relative(root, file)}`);
    return res.exitCode;
  } finally {
    await sandbox.close().catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
