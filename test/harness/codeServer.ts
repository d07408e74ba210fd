/**
 * A real VS Code extension host without downloading VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by
 * Debian chromium through playwright-core. Recipe and measurements: ../shared/notes/vscode-host.md.
 *
 * Used by `npm test` (runAll.ts), `npm start` (scripts/start.ts) and the browser journeys (test/browser).
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import type { BrowserContext, Page } from 'playwright-core';
import type { Sandbox, SandboxOptions } from '../../sandbox/index';
import { projectRoot, resultsDir } from '../../sandbox/root';

// ---------------------------------------------------------------------------------------------- paths

export { projectRoot, resultsDir };

export const CHROMIUM_PATH = process.env.HOXTON_CHROMIUM || '/usr/bin/chromium';

export function codeServerBin(): string {
  return path.join(projectRoot(), '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
}

/** Installs chromium + code-server (scripts/install-test-host.sh) when code-server is missing. */
export function ensureTestHost(): void {
  if (fs.existsSync(codeServerBin()) && fs.existsSync(CHROMIUM_PATH)) return;
  const script = path.join(projectRoot(), 'scripts', 'install-test-host.sh');
  console.log(`test host missing: running ${path.relative(process.cwd(), script)} (about a minute)`);
  const r = spawnSync('bash', [script], { stdio: 'inherit', cwd: projectRoot() });
  if (r.status !== 0 || !fs.existsSync(codeServerBin())) {
    throw new Error(`scripts/install-test-host.sh failed (exit ${r.status ?? r.signal}); see its output above`);
  }
}

// ---------------------------------------------------------------------------------------------- ports

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port and we may bind it. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------- process groups

/** Process groups we started and have not stopped yet: killed on exit or signal so nothing is left behind. */
const liveGroups = new Set<number>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Kill our servers at once; exit only when nobody else (scripts/start.ts, playwright) handles the signal.
    process.on(sig, () => {
      for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
      if (process.listenerCount(sig) === 1) process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

function killGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/**
 * True while a live (non-zombie) process is in the group. Killed members whose parent died are reparented to
 * PID 1, which in containers may reap them only every second or so: zombies count as gone.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return true; // no /proc: trust kill(0)
  }
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp …
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
    } catch {
      /* exited meanwhile */
    }
  }
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the whole group, wait up to graceMs, then SIGKILL; resolves when every member is gone. */
export async function stopGroup(pgid: number, graceMs = 3000): Promise<void> {
  killGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) {
    killGroup(pgid, 'SIGKILL');
    const hard = Date.now() + 5000;
    while (groupAlive(pgid) && Date.now() < hard) await sleep(50);
  }
  liveGroups.delete(pgid);
}

// ---------------------------------------------------------------------------------------------- code-server

export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
};

export interface ProfileDirs {
  userDataDir: string;
  extensionsDir: string;
  /** Where XDG_CONFIG_HOME/XDG_DATA_HOME go (code-server writes config.yaml there). Default: <userDataDir>/../xdg. */
  stateDir?: string;
}

function serverEnv(dirs: ProfileDirs, extra?: NodeJS.ProcessEnv, proxyUri = false): NodeJS.ProcessEnv {
  const state = dirs.stateDir ?? path.join(path.dirname(dirs.userDataDir), 'xdg');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(state, 'config'),
    XDG_DATA_HOME: path.join(state, 'data'),
    XDG_CACHE_HOME: path.join(state, 'cache'),
  };
  // Never inherit a VS Code host's own variables (e.g. when run from a VS Code terminal).
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  // Empty: code-server 4.100 then leaves localhost URLs given to openExternal alone. Its default rewrite to
  // ./proxy/PORT/ drops path and query (coder/code-server#7668), which breaks the browser sign-in to the sandbox.
  if (!proxyUri) env.VSCODE_PROXY_URI = '';
  Object.assign(env, extra);
  for (const d of [env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_CACHE_HOME!]) fs.mkdirSync(d, { recursive: true });
  return env;
}

/** Writes <userDataDir>/User/settings.json: existing settings + DEFAULT_SETTINGS + the given ones (later wins). */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): string {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      fs.copyFileSync(file, `${file}.bak`); // JSONC with comments etc.: keep a copy, then rewrite
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}

/** Installs a .vsix into the given profile with code-server's CLI (replaces an installed copy). */
export function installVsix(vsixPath: string, dirs: ProfileDirs): void {
  fs.mkdirSync(dirs.userDataDir, { recursive: true });
  fs.mkdirSync(dirs.extensionsDir, { recursive: true });
  const r = spawnSync(
    process.execPath,
    [
      codeServerBin(),
      '--user-data-dir',
      dirs.userDataDir,
      '--extensions-dir',
      dirs.extensionsDir,
      '--install-extension',
      path.resolve(vsixPath),
      '--force',
    ],
    { env: serverEnv(dirs), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
}

export interface StartCodeServerOptions extends ProfileDirs {
  /** The workspace folder to open. */
  folder: string;
  /** User settings (merged over DEFAULT_SETTINGS). */
  settings?: Record<string, unknown>;
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
  /** Extra environment for the server and so for its extension host. */
  env?: NodeJS.ProcessEnv;
  /** code-server's own output goes here; default: <stateDir or userDataDir/..>/code-server.log. */
  logFile?: string;
  /** Also copy code-server's output to this process's stdout/stderr. */
  inheritOutput?: boolean;
  /** How long to wait for /healthz. Default 60 s. */
  readyTimeoutMs?: number;
  /** Workspace trust on, as a user has it (default: off, --disable-workspace-trust). */
  workspaceTrust?: boolean;
  /** Keep code-server's VSCODE_PROXY_URI rewriting of localhost URLs, as a user has it (default: off). */
  proxyUri?: boolean;
  /** VS Code's display language (`--locale`, for example `qps-ploc`); default: English. */
  locale?: string;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** The workbench URL for a folder (default: the one it was started with). */
  workbenchUrl(query?: Record<string, string>): string;
  /**
   * Kills code-server's whole process group (SIGTERM, then SIGKILL after graceMs, default 3000) and waits until
   * every member has exited. Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the code-server process exits on its own (or is stopped). */
  exited: Promise<number | null>;
}

export async function startCodeServer(opts: StartCodeServerOptions): Promise<CodeServer> {
  const bin = codeServerBin();
  if (!fs.existsSync(bin)) throw new Error(`code-server is not installed at ${bin}: run scripts/install-test-host.sh`);
  installExitHooks();
  const port = opts.port ?? (await freePort());
  fs.mkdirSync(opts.userDataDir, { recursive: true });
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  fs.mkdirSync(opts.folder, { recursive: true });
  writeUserSettings(opts.userDataDir, {
    ...(opts.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}),
    ...opts.settings,
  });

  const logFile = opts.logFile ?? path.join(opts.stateDir ?? path.dirname(opts.userDataDir), 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logFd = fs.openSync(logFile, 'a');
  const args = [
    bin,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(opts.locale ? ['--locale', opts.locale] : []),
    '--user-data-dir',
    opts.userDataDir,
    '--extensions-dir',
    opts.extensionsDir,
    opts.folder,
  ];
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, args, {
      detached: true, // setsid: its own process group, so stop() can kill the watcher and extension host too
      env: serverEnv(opts, opts.env, opts.proxyUri),
      stdio: ['ignore', opts.inheritOutput ? 'pipe' : logFd, opts.inheritOutput ? 'pipe' : logFd],
    });
  } finally {
    fs.closeSync(logFd);
  }
  if (opts.inheritOutput) {
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    child.stdout!.on('data', (b: Buffer) => (process.stdout.write(b), log.write(b)));
    child.stderr!.on('data', (b: Buffer) => (process.stderr.write(b), log.write(b)));
  }
  const pgid = child.pid!;
  liveGroups.add(pgid);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  let stopping: Promise<void> | undefined;
  const stop = (graceMs?: number) => (stopping ??= stopGroup(pgid, graceMs));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`code-server exited (code ${exitCode}) before it was ready; log:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${opts.readyTimeoutMs ?? 60_000} ms; log:\n${tail(logFile)}`);
    }
    await sleep(150);
  }

  return {
    url,
    port,
    pid: pgid,
    logFile,
    exited,
    stop,
    workbenchUrl(query = {}) {
      const q = new URLSearchParams({ folder: opts.folder, ...query });
      return `${url}/?${q.toString()}`;
    },
  };
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------- browser

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchBrowserOptions {
  /** Show the window (needs a display). Default: headless. */
  headed?: boolean;
  viewport?: { width: number; height: number };
  extraArgs?: string[];
}

/**
 * Debian chromium via playwright-core with a fresh profile (removed when the context closes).
 * Never lets playwright download a browser.
 */
export async function launchBrowser(opts: LaunchBrowserOptions = {}): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`chromium not found at ${CHROMIUM_PATH}: run scripts/install-test-host.sh`);
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-chromium-'));
  const args = [...CHROMIUM_ARGS.filter((a) => !(opts.headed && a === '--headless')), ...(opts.extraArgs ?? [])];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: !opts.headed,
      chromiumSandbox: false,
      args,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  // Remove the profile once chromium is gone (it may still be writing to it when 'close' fires).
  const removeProfile = () =>
    fs.promises.rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  const close = context.close.bind(context);
  context.close = async (options?: Parameters<BrowserContext['close']>[0]) => {
    await close(options);
    await removeProfile();
  };
  context.once('close', () => void removeProfile());
  return context;
}

// ---------------------------------------------------------------------------------------------- extension tests

export interface RunExtensionTestsOptions {
  /** Folder holding the extension's package.json (its `main` must be built). */
  extensionDevelopmentPath: string;
  /** The compiled mocha runner module (exports run()), e.g. out/test/host/index.js. */
  extensionTestsPath: string;
  /** Workspace folder to open. */
  folder: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: NodeJS.ProcessEnv;
  /** Whole run, from starting code-server to the exit code. Default 5 min. */
  timeoutMs?: number;
  /** Names the failure artefacts: test-results/host-<name>-failure.png, …-code-server.log. Default "run". */
  name?: string;
  /** Prefix of each extension-host output line. Default "  │ ". */
  logPrefix?: string;
  /** Receives each extension-host output line (already formatted). */
  onLog?: (line: string, level: string) => void;
  /** .vsix files installed into the fresh profile before code-server starts (e.g. the benchmarks' baseline). */
  extraExtensions?: string[];
  /** Fail when the extension host prints nothing for this long. Default 180 s (a test times out after 30 s). */
  silenceTimeoutMs?: number;
  /** Workspace trust as a user has it (default off, like the rest of the harness). */
  workspaceTrust?: boolean;
  /** Leave code-server's VSCODE_PROXY_URI rewriting on, as a user of code-server has it (default off). */
  proxyUri?: boolean;
}

export interface ExtensionTestsResult {
  /** The extension host's exit code: 0 when the runner's run() resolved. */
  exitCode: number;
  /** From the runner's `HOXTON_RESULT {"passed":N,"failed":N}` line; undefined when it printed none. */
  passed?: number;
  failed?: number;
  pending?: number;
  durationMs: number;
}

/** Workbench chatter that codeAutomationLog also receives; HOXTON_HOST_VERBOSE=1 shows it. */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
];
const VERBOSE_HOST_LOG = process.env.HOXTON_HOST_VERBOSE === '1';

/**
 * Starts code-server with a fresh profile, opens the workbench in chromium with the test payload, prints the
 * extension host's console output, and resolves with its exit code (+ counts). Always stops browser and server.
 * Throws (after stopping everything) on timeout or when the host cannot start.
 */
export async function runExtensionTests(opts: RunExtensionTestsOptions): Promise<ExtensionTestsResult> {
  const started = Date.now();
  const name = opts.name ?? 'run';
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const prefix = opts.logPrefix ?? '  │ ';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `hoxton-host-${name}-`));
  const results = resultsDir();
  for (const f of [`host-${name}-failure.png`, `host-${name}-code-server.log`, `host-${name}-browser.log`]) {
    fs.rmSync(path.join(results, f), { force: true });
  }
  const browserLog: string[] = [];
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let ok = false;
  let counts: { passed?: number; failed?: number; pending?: number } = {};
  let timer: NodeJS.Timeout | undefined;
  let stopWatch: (() => void) | undefined;
  let lastOutput = Date.now();
  try {
    for (const vsix of opts.extraExtensions ?? []) {
      installVsix(vsix, { userDataDir: path.join(tmp, 'user-data'), extensionsDir: path.join(tmp, 'extensions'), stateDir: tmp });
    }
    server = await startCodeServer({
      userDataDir: path.join(tmp, 'user-data'),
      extensionsDir: path.join(tmp, 'extensions'),
      stateDir: tmp,
      folder: path.resolve(opts.folder),
      settings: opts.settings,
      env: opts.env,
      workspaceTrust: opts.workspaceTrust,
      proxyUri: opts.proxyUri,
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server!.port}${path.resolve(p)}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ]);

    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => browserLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => browserLog.push(`[pageerror] ${e.stack ?? e.message}`));

    let resolveExit!: (code: number) => void;
    const exitCode = new Promise<number>((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => {
      lastOutput = Date.now();
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.replace(/\n$/, '').split('\n')) {
        const m = /^HOXTON_RESULT (\{.*\})\s*$/.exec(line);
        if (m) {
          try {
            counts = JSON.parse(m[1]) as typeof counts;
          } catch {
            /* ignore */
          }
          continue;
        }
        if (!VERBOSE_HOST_LOG && WORKBENCH_NOISE.some((re) => re.test(line))) continue;
        if (opts.onLog) opts.onLog(line, level);
        else process.stdout.write(`${prefix}${line}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));

    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `host tests "${name}" timed out after ${Math.round(timeoutMs / 1000)} s ` +
                `(no exit code from the extension host; see ${path.join(path.relative(projectRoot(), results) || results, `host-${name}-*.{png,log}`)})`,
            ),
          ),
        Math.max(1, timeoutMs - (Date.now() - started)),
      );
    });
    const serverDied = server.exited.then((c) => {
      throw new Error(`code-server exited (code ${c}) during the host tests`);
    });
    // Fail within seconds when the page, the browser or the extension host goes away, instead of waiting for the
    // whole-run timeout: page crash/close, browser gone, the workbench reporting a dead extension host, or no
    // output from the extension host for longer than any test may take.
    let fatal!: (e: Error) => void;
    const died = new Promise<never>((_, reject) => (fatal = reject));
    const p = page;
    p.on('crash', () => fatal(new Error('the workbench page crashed')));
    p.on('close', () => fatal(new Error('the workbench page closed')));
    context.on('close', () => fatal(new Error('the browser closed')));
    p.on('console', (m) => {
      if (/Extension host .*terminated unexpectedly|Extension host .*exited with code/i.test(m.text())) {
        fatal(new Error(`the extension host died: ${m.text().split('\n')[0]}`));
      }
    });
    const silenceMs = opts.silenceTimeoutMs ?? 180_000;
    const silence = setInterval(() => {
      if (Date.now() - lastOutput > silenceMs) {
        fatal(new Error(`no output from the extension host for ${Math.round(silenceMs / 1000)} s`));
      }
    }, 1000);
    silence.unref();
    stopWatch = () => clearInterval(silence);
    await Promise.race([page.goto(server.workbenchUrl({ payload }), { waitUntil: 'domcontentloaded' }), timeout, serverDied, died]);
    const code = await Promise.race([exitCode, timeout, serverDied, died]);
    ok = code === 0;
    return { exitCode: code, ...counts, durationMs: Date.now() - started };
  } finally {
    if (timer) clearTimeout(timer);
    stopWatch?.();
    if (!ok) {
      if (page) {
        await page.screenshot({ path: path.join(results, `host-${name}-failure.png`), timeout: 10_000 }).catch(() => undefined);
      }
      if (browserLog.length) fs.writeFileSync(path.join(results, `host-${name}-browser.log`), browserLog.join('\n') + '\n');
      if (server && fs.existsSync(server.logFile)) fs.copyFileSync(server.logFile, path.join(results, `host-${name}-code-server.log`));
    }
    await context?.close().catch(() => undefined);
    await server?.stop(200); // throw-away profile: no need to wait ~1.5 s for a graceful extension-host exit
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- sandbox

export type { Sandbox, SandboxOptions } from '../../sandbox/index';

/**
 * startSandbox() from the compiled sandbox (out/sandbox/index.js), loaded on first use so that importing this
 * module (e.g. from browser tests) stays cheap; a clear error when it has not been compiled.
 */
export async function startProjectSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const file = path.join(projectRoot(), 'out', 'sandbox', 'index.js');
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(process.cwd(), file)} is missing: run npm run compile:tests`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as typeof import('../../sandbox/index');
  return mod.startSandbox(opts);
}
