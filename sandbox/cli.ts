#!/usr/bin/env node
// node out/sandbox/cli.js [--port N] [--host H] [--seed N] [--sites N] [--monitors-per-site N] [--big-site-monitors N]
//                         [--token-lifetime S] [--audience URL] [--quiet]
import { startSandbox } from './index';
import type { SandboxOptions } from './index';

const USAGE = `Usage: node out/sandbox/cli.js [options]
  --port N                 port (default 0 = a random free port)
  --host H                 interface (default 127.0.0.1)
  --seed N                 seed of the generated data (default 1)
  --sites N                regular Acme Retail sites (default 6)
  --monitors-per-site N    monitors per regular site (default 6)
  --big-site-monitors N    monitors of the "Distribution Centre" site (default 1000, 0 = none)
  --token-lifetime S       access token lifetime in seconds (default 86400)
  --audience URL           API audience (default https://api.hoxton.cloud)
  --quiet                  no request log`;

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = { quiet: false };
  const num = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !/^-?\d+$/.test(v) || !Number.isSafeInteger(n)) throw new Error(`${name} needs an integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        opts.port = num(flag, value());
        break;
      case '--host':
        opts.host = value();
        break;
      case '--seed':
        opts.seed = num(flag, value());
        break;
      case '--sites':
        opts.sites = num(flag, value());
        break;
      case '--monitors-per-site':
        opts.monitorsPerSite = num(flag, value());
        break;
      case '--big-site-monitors':
        opts.bigSiteMonitors = num(flag, value());
        break;
      case '--token-lifetime':
        opts.tokenLifetimeSeconds = num(flag, value());
        break;
      case '--audience':
        opts.audience = value();
        break;
      case '--quiet':
        opts.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${flag}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SandboxOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  const sandbox = await startSandbox(opts);
  const { info } = sandbox;
  const lines = [
    `Hoxton sandbox listening on ${sandbox.url}`,
    '',
    'Users (email / password):',
    ...info.users.map((u) => `  ${u.username} / ${u.password}  (${u.name}, ${u.orgName} ${u.role})`),
    '',
    'OAuth clients (client id / secret):',
    ...info.clients.map((c) =>
      c.type === 'public'
        ? `  ${c.id} / (none: public native app, browser sign-in with PKCE)  (${c.orgName})`
        : `  ${c.id} / ${c.secret ?? ''}  (confidential: password, client credentials; ${c.orgName})`,
    ),
    '',
    'VS Code settings:',
    JSON.stringify({ 'hoxton.apiUrl': sandbox.url, 'hoxton.auth.domain': sandbox.url, 'hoxton.auth.clientId': 'sandbox-acme' }, null, 2),
    '',
    `Admin: ${sandbox.url}/__sandbox/info, /__sandbox/faults, /__sandbox/stats, /__sandbox/redirect-check, /__sandbox/oidc. Ctrl+C stops.`,
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
