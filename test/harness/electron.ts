/**
 * The same host tests through @vscode/test-electron, for machines that can download VS Code (not used by
 * `npm test` here: this machine has no internet). Run after `npm run build && npm run compile:tests`:
 *   node out/test/harness/electron.js            (VS Code "stable"; HOXTON_VSCODE_VERSION=1.100.3 to pin)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { DEFAULT_SETTINGS, projectRoot, Sandbox, startProjectSandbox } from './codeServer';
import { writeHostEnv } from '../host/env';

async function main(): Promise<number> {
  const root = projectRoot();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-electron-'));
  const folder = path.join(tmp, 'workspace');
  const userDataDir = path.join(tmp, 'user-data');
  fs.mkdirSync(folder, { recursive: true });
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await startProjectSandbox({ port: 0, quiet: true });
    const hostEnvVars = writeHostEnv({ sandboxUrl: sandbox.url, info: sandbox.info, workspaceFolder: folder });
    // Settings through a throw-away user-data-dir (test-electron has no settings option).
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify(
        {
          ...DEFAULT_SETTINGS,
          'hoxton.apiUrl': sandbox.url,
          'hoxton.auth.domain': sandbox.url,
          'hoxton.auth.clientId': 'sandbox-acme',
        },
        null,
        2,
      ),
    );
    return await runTests({
      version: process.env.HOXTON_VSCODE_VERSION || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'host', 'index.js'),
      launchArgs: [folder, '--disable-extensions', '--user-data-dir', userDataDir, '--disable-workspace-trust'],
      extensionTestsEnv: hostEnvVars,
    });
  } finally {
    await sandbox?.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('electron host tests failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
