// VS Code as a user has it, for the browser suites that need the whole product (journeys, walkthrough, pseudo
// locale): the .vsix packaged as `npm run package` packages it, installed into a fresh code-server profile, a sandbox
// on a random port, chromium on the workbench. One place for what the three suites used to set up each on their own.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ensureTestHost,
  installVsix,
  launchBrowser,
  projectRoot,
  startCodeServer,
  startProjectSandbox,
  type CodeServer,
  type ProfileDirs,
  type Sandbox,
} from '../harness/codeServer';
import { packageVsix } from '../harness/vsix';
import { SCREENSHOTS, Workbench } from './workbench';

export interface VsixWorkbenchOptions {
  /** Names the scratch folder and the failure screenshot (`FAILED-<name>…`). */
  name: string;
  /** User settings, given the sandbox's URL. */
  settings: (sandboxUrl: string) => Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** VS Code's display language (`--locale`). */
  locale?: string;
  /** Runs after the .vsix is installed and before code-server starts (e.g. to add files to the installed copy). */
  prepare?: (dirs: ProfileDirs, tmp: string) => void;
  /** Navigation timeout of the first page load (default playwright's). */
  navigationTimeoutMs?: number;
}

export interface VsixWorkbench {
  tmp: string;
  dirs: ProfileDirs;
  sandbox: Sandbox;
  server: CodeServer;
  context: BrowserContext;
  page: Page;
  wb: Workbench;
  /** After a failed test: a screenshot and the last console lines (and `extra` lines), printed. */
  reportFailure(slug: string, extra?: () => string[]): Promise<void>;
  /** Stops chromium, code-server and the sandbox, removes the scratch folder. Safe to call after a failed start. */
  close(): Promise<void>;
}

const ROOT = projectRoot();

/** Everything started, in order; what was started is stopped again if a later step fails. */
export async function startVsixWorkbench(opts: VsixWorkbenchOptions): Promise<VsixWorkbench> {
  ensureTestHost();
  for (const f of ['dist/extension.js', 'dist/webview/report.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run npm run build`);
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `hoxton-${opts.name}-`));
  const dirs: ProfileDirs = { userDataDir: path.join(tmp, 'user-data'), extensionsDir: path.join(tmp, 'extensions'), stateDir: tmp };
  let sandbox: Sandbox | undefined;
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch((e: Error) => console.error(`closing chromium: ${e.message}`));
    await server?.stop();
    await sandbox?.close().catch((e: Error) => console.error(`closing the sandbox: ${e.message}`));
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    const vsix = path.join(tmp, 'hoxton-reports.vsix');
    packageVsix(vsix);
    sandbox = await startProjectSandbox({ port: 0, quiet: true });
    installVsix(vsix, dirs);
    opts.prepare?.(dirs, tmp);
    server = await startCodeServer({
      ...dirs,
      locale: opts.locale,
      folder: path.join(tmp, 'workspace'),
      settings: opts.settings(sandbox.url),
    });
    context = await launchBrowser({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    if (opts.navigationTimeoutMs) page.setDefaultNavigationTimeout(opts.navigationTimeoutMs);
    context.on('page', (p) => p.setDefaultTimeout(20_000));
    const wb = new Workbench(context, page);
    await wb.open(server.workbenchUrl());
    const reportFailure = async (slug: string, extra?: () => string[]) => {
      const shot = await wb.screenshot(`FAILED-${slug}`).catch((e: Error) => `(no screenshot: ${e.message})`);
      console.log(`\n  screenshot: ${path.relative(ROOT, shot)}`);
      console.log('  last browser console lines:');
      for (const line of wb.lastConsoleLines(30)) console.log(`    ${line}`);
      for (const line of extra?.() ?? []) console.log(line);
    };
    return { tmp, dirs, sandbox, server, context, page, wb, reportFailure, close };
  } catch (e) {
    await close();
    throw e;
  }
}
