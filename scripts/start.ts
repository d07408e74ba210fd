/**
 * `npm start` (after build + compile:tests): the extension in a browser VS Code against the local sandbox.
 *   - starts the sandbox (auth server + API) on --sandbox-port or a random port
 *   - packages the extension (.vscode-test/hoxton-reports.vsix) and installs it into the persistent profile
 *     .vscode-test/profile/{user-data,extensions}
 *   - starts code-server on 127.0.0.1:--port (default 8080 if free, else random), folder .vscode-test/workspace
 * Options: --port N, --sandbox-port N, --verbose (sandbox + code-server logs), --desktop (use a desktop `code`
 * on PATH with --extensionDevelopmentPath instead of code-server).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeServer,
  DEFAULT_SETTINGS,
  ensureTestHost,
  freePort,
  installVsix,
  isPortFree,
  projectRoot,
  Sandbox,
  startCodeServer,
  startProjectSandbox,
  writeUserSettings,
} from '../test/harness/codeServer';

const CLIENT_ID = 'sandbox-acme';

interface Args {
  port?: number;
  sandboxPort?: number;
  verbose: boolean;
  desktop: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { verbose: false, desktop: false };
  const num = (v: string | undefined, flag: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} needs a port number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--port') a.port = num(value(), flag);
    else if (flag === '--sandbox-port') a.sandboxPort = num(value(), flag);
    else if (flag === '--verbose') a.verbose = true;
    else if (flag === '--desktop') a.desktop = true;
    else throw new Error(`unknown argument ${argv[i]} (options: --port N --sandbox-port N --verbose --desktop)`);
  }
  return a;
}

function onPath(bin: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function describeSignIn(info: Sandbox['info']): string[] {
  const lines: string[] = [];
  for (const u of info.users) {
    lines.push(`    ${u.username.padEnd(22)} password ${u.password.padEnd(10)} ${u.name}, ${u.role} at ${u.orgName}`);
  }
  for (const c of info.clients) {
    const how =
      c.type === 'public'
        ? `public native app: browser sign-in (PKCE), no secret${c.id === CLIENT_ID ? '; configured as hoxton.auth.clientId' : ''}`
        : `confidential: email and password or client credentials, secret ${c.secret ?? ''}`;
    lines.push(`    client id: ${c.id.padEnd(22)} ${how} (${c.orgName})`);
  }
  return lines;
}

let sandbox: Sandbox | undefined;
let server: CodeServer | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (sandbox || server) console.log('\nstopping…');
  await server?.stop().catch(() => undefined);
  await sandbox?.close().catch(() => undefined);
  process.exit(code);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = projectRoot();
  const extRoot = path.resolve(process.env.HOXTON_EXTENSION_PATH || root); // harness development only
  const base = path.join(root, '.vscode-test');
  const profile = path.join(base, 'profile');
  const dirs = {
    userDataDir: path.join(profile, 'user-data'),
    extensionsDir: path.join(profile, 'extensions'),
    stateDir: profile,
  };
  const workspace = path.join(base, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  sandbox = await startProjectSandbox({ port: args.sandboxPort ?? 0, quiet: !args.verbose });
  const hoxtonSettings = {
    'hoxton.apiUrl': sandbox.url,
    'hoxton.auth.domain': sandbox.url,
    'hoxton.auth.clientId': CLIENT_ID,
  };

  if (args.desktop) {
    const code = onPath('code');
    if (!code) throw new Error('--desktop: no `code` binary on PATH');
    const userDataDir = path.join(base, 'desktop-profile');
    writeUserSettings(userDataDir, hoxtonSettings);
    const child = spawn(
      code,
      ['--wait', '--new-window', `--extensionDevelopmentPath=${extRoot}`, '--user-data-dir', userDataDir, workspace],
      { stdio: 'inherit', env: { ...process.env, HOXTON_SANDBOX_URL: sandbox.url } },
    );
    printInfo('(desktop VS Code window)', sandbox);
    child.on('exit', () => void shutdown(0));
    return;
  }

  ensureTestHost();
  const vsix = path.join(base, 'hoxton-reports.vsix');
  console.log('packaging the extension…');
  const pack = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '--skip-license',
      '--allow-missing-repository',
      '-o',
      vsix,
    ],
    { cwd: extRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (pack.status !== 0) throw new Error(`vsce package failed:\n${pack.stdout}${pack.stderr}`);
  if (args.verbose) process.stdout.write(pack.stdout);
  console.log(
    `installing ${path.relative(root, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB) into ${path.relative(root, profile)}…`,
  );
  installVsix(vsix, dirs);

  const port = args.port ?? ((await isPortFree(8080)) ? 8080 : await freePort());
  if (args.port !== undefined && !(await isPortFree(port))) throw new Error(`port ${port} is in use (pass another --port)`);
  server = await startCodeServer({
    ...dirs,
    folder: workspace,
    port,
    settings: { ...DEFAULT_SETTINGS, ...hoxtonSettings },
    env: { HOXTON_SANDBOX_URL: sandbox.url },
    logFile: path.join(profile, 'code-server.log'),
    inheritOutput: args.verbose,
  });
  void server.exited.then((c) => {
    if (!stopping) {
      console.error(`code-server exited (code ${c}); log: ${server!.logFile}`);
      void shutdown(1);
    }
  });
  printInfo(server.url, sandbox);
}

function printInfo(url: string, sandbox: Sandbox): void {
  console.log('');
  console.log(`  Open VS Code:   ${url}`);
  console.log('                  (use 127.0.0.1 or localhost: webviews need a secure context)');
  console.log(`  Sandbox:        ${sandbox.url}`);
  console.log('  Demo sign-in:');
  for (const l of describeSignIn(sandbox.info)) console.log(l);
  console.log('');
  console.log('  Press Ctrl+C to stop.');
}

main().catch((e) => {
  console.error(`npm start failed: ${e instanceof Error ? e.message : e}`);
  void shutdown(1);
});
