// A new user's journeys, end to end: the packaged extension installed into a fresh code-server profile, driven in
// headless chromium with clicks, keys and what is on the screen only (no test hooks in the extension), against the
// sandbox started in-process. The journeys run in order and build on each other (bail on the first failure).
// Screenshots: test-results/screenshots/journey-*.png; on failure FAILED-<test>.png plus the last console lines.
//   npm run build && npm run compile:tests && npx mocha --timeout 120000 --exit out/test/browser/journeys.test.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { CodeServer, Sandbox } from '../harness/codeServer';
import { SANDBOX_SERVICE, sandboxApi } from '../harness/sandboxApi';
import { parse } from 'csv-parse/sync';
import { assertSeriesDrawn } from './chartPixels';
import { startVsixWorkbench, type VsixWorkbench } from './vsixWorkbench';
import { SCREENSHOTS, waitForAttribute, Workbench } from './workbench';
import { notifyText } from '../../src/util/inert';
import { wallClockFormat } from '../fixtures/wallClock';

const VIEWPORT = { width: 1280, height: 800 };
const DEMO = { username: 'demo@hoxton.test', password: 'demo', name: 'Dana Demo', label: 'Dana Demo (Acme Retail)' };
const BOROUGH = { username: 'ops@borough.test', password: 'borough', name: 'Olly Ops', label: 'Olly Ops (Borough Market)' };
const SESSION_ENDED = 'Your HoxtonAi session has ended. Sign in again.';
/** The browser sign-in uses the public native client the journeys start with (sandbox-acme: PKCE, no secret); email
 * and password and client credentials need a confidential client and its secret, as with Auth0. */
const SERVICE = { ...SANDBOX_SERVICE, label: 'sandbox-acme-service (Acme Retail)' };

/** The sandbox's own answer for a monitor's data, read with a token this test gets itself. */
async function sandboxData(
  sandbox: Sandbox,
  monitorId: string,
  q: { start: string; end: string; interval: string; timezone: string },
): Promise<{ totals: Record<string, number>; directions: { id: string; name: string }[]; buckets: { counts: Record<string, number> }[] }> {
  const direct = await sandboxApi(sandbox.url, DEMO.username, DEMO.password);
  return (await direct.get(`/v1/monitors/${encodeURIComponent(monitorId)}/data?${new URLSearchParams(q)}`)) as Awaited<
    ReturnType<typeof sandboxData>
  >;
}

/** The figure cards of a report panel: label → value as shown ("18,599", "3%"). */
async function figures(view: FrameLocator): Promise<Record<string, string>> {
  const cards = await view
    .locator('.figures .figure')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label') ?? '', e.querySelector('.figure-value')?.textContent ?? '']));
  return Object.fromEntries(cards);
}

const count = (shown: string | undefined): number => Number((shown ?? '').replace(/[^\d]/g, ''));

/** Waits for the report page to show data and checks that every series of its chart has drawn pixels. */
async function assertPaintedChart(view: FrameLocator): Promise<void> {
  await view.locator('#app[data-state="data"]').waitFor({ timeout: 30_000 });
  await assertSeriesDrawn(view.locator('.chart'));
}

/** Lets the page inside a frame draw what it has just changed (two animation frames; no timer). */
async function nextPaint(view: FrameLocator): Promise<void> {
  await view.locator('body').evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('user journeys (VS Code in chromium, against the sandbox)', function () {
  this.timeout(120_000);
  this.bail(true);

  let session: VsixWorkbench | undefined;
  let sandbox: Sandbox | undefined;
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let wb: Workbench;
  let page: Page;

  before(async function () {
    this.timeout(240_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const f of fs.readdirSync(SCREENSHOTS)) {
      if (/^(journey-|FAILED-journey-)/.test(f)) fs.rmSync(path.join(SCREENSHOTS, f));
    }
    session = await startVsixWorkbench({
      name: 'journeys',
      viewport: VIEWPORT,
      settings: (url) => ({
        'hoxton.apiUrl': url,
        'hoxton.auth.domain': url,
        'hoxton.auth.clientId': 'sandbox-acme',
        'workbench.colorTheme': 'Default Dark Modern',
      }),
    });
    ({ sandbox, server, context, wb, page } = session);
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed' || !session) return;
    const slug = test.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    await session.reportFailure(slug, () => {
      const log = findExtensionLog(session?.dirs.userDataDir);
      if (!log) return [];
      const tail = fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-20);
      return [`  last lines of the extension's log (${path.basename(log)}):`, ...tail.map((l) => `    ${l}`)];
    });
  });

  after(async function () {
    this.timeout(60_000);
    await session?.close();
  });

  /** Sets a user setting in the Settings editor (UI) as a person does, and closes the editor. */
  async function setUserSetting(key: string, value: string): Promise<void> {
    await wb.runCommand('Preferences: Open User Settings');
    const editor = page.locator('.settings-editor');
    await editor.waitFor();
    await page.keyboard.type(`@id:${key}`); // the search box has the focus
    await editor.getByText('1 Setting Found', { exact: true }).waitFor(); // the search is applied (debounced)
    const input = editor.locator('.setting-item-contents .setting-item-control input');
    await input.first().waitFor();
    assert.strictEqual(await input.count(), 1, `one setting found for ${key}`);
    await input.fill(value);
    await input.press('Tab');
    await wb.runCommand('View: Close All Editors');
    await editor.waitFor({ state: 'hidden' });
  }

  /**
   * Waits until a sign-in started now uses `clientId` (the setting has reached the extension host). Probes with
   * "Client credentials", whose secret prompt names the client, and cancels it (no request).
   */
  async function untilSignInUses(clientId: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await wb.runCommand('Hoxton: Sign In');
      await wb.consent();
      await wb.pick('Client credentials');
      const prompt = wb.quickInput.locator('.quick-input-message', { hasText: 'kept in VS Code' });
      await prompt.waitFor();
      const named = ((await prompt.textContent()) ?? '').includes(clientId); // (isolated: ⁨id⁩)
      await page.keyboard.press('Escape');
      await wb.quickInput.waitFor({ state: 'hidden' });
      if (named) return;
      if (Date.now() > deadline) throw new Error(`sign-in still does not use ${clientId} 20 s after settings.json named it`);
    }
  }

  it('journey 1: first run and browser sign-in', async () => {
    await wb.openHoxtonView();
    await wb.resizeSidebar(380);
    await wb.welcomeButton().waitFor();
    await wb.screenshot('journey-1-welcome');

    await wb.welcomeButton().click();
    // Sign In asks VS Code for the session (getSession), so VS Code asks the person first.
    const asked = await wb.consent();
    assert.strictEqual(asked.message, "The extension 'Hoxton Reports' wants to sign in using HoxtonAi.");
    await wb.pickRow('Sign in with your browser').waitFor();
    const tabOpened = context!.waitForEvent('page');
    await wb.pick('Sign in with your browser');
    const login = await tabOpened;
    await login.waitForLoadState('domcontentloaded');
    assert.ok(login.url().startsWith(`${sandbox!.url}/authorize?`), `the login page opened: ${login.url()}`);
    await login.locator('input[name="username"]').fill(DEMO.username);
    await login.locator('input[name="password"]').fill(DEMO.password);
    await wb.screenshot('journey-1-sign-in-page', login.locator('main'), 32);
    // A browser-hosted window: the answer comes back through VS Code's URI handler (asExternalUri), not a loopback server.
    const redirectUri = new URL(login.url()).searchParams.get('redirect_uri') ?? '';
    assert.doesNotMatch(redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/, 'no loopback redirect in a browser-hosted window');
    await login.getByRole('button', { name: 'Continue' }).click();
    await login.waitForURL((u) => !u.toString().startsWith(`${sandbox!.url}/authorize`));
    await login.close();
    await page.bringToFront();

    await wb.notification(`Signed in to HoxtonAi as ${notifyText(DEMO.label)}.`).waitFor();
    await wb.treeRow('Acme Retail', DEMO.name).waitFor();
    await wb.treeRow('Oxford Street Flagship').waitFor();
    await wb.welcomeButton().waitFor({ state: 'hidden' });
    await wb.statusBarItem(DEMO.label).waitFor();
    await wb.screenshot('journey-1-tree');

    await wb.activity('Accounts').click();
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: `${DEMO.label} (HoxtonAi)` }).waitFor();
    await wb.screenshot('journey-1-accounts-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await wb.clearNotifications();
  });

  it('journey 2: browse, open a report, switch the interval, read the JSON', async () => {
    await wb.expand(wb.treeRow('Oxford Street Flagship'));
    await wb.expand(wb.treeRow('Store Occupancy'));
    await wb.treeRow('Last 7 days').click();
    await wb.tab('Last 7 days · Store Occupancy').waitFor();
    const view = wb.webview();
    await assertPaintedChart(view);
    const hourly = await figures(view);
    assert.ok(hourly['Busiest hour'], `hourly figures: ${JSON.stringify(hourly)}`);
    await wb.screenshot('journey-2-report-dark');

    // The same panel in a light theme, then back.
    for (const [theme, kind] of [
      ['Light Modern', 'light'],
      ['Dark Modern', 'dark'],
    ] as const) {
      await wb.runCommand('Preferences: Color Theme');
      await wb.pick(theme);
      await wb.quickInput.waitFor({ state: 'hidden' });
      await view.locator(`body.vscode-${kind}`).waitFor();
      await nextPaint(view);
      if (kind === 'light') await wb.screenshot('journey-2-report-light');
    }
    await assertPaintedChart(view);

    // Interval: hourly → daily.
    await view.locator('#interval').click();
    await view.locator('#interval').getByRole('option', { name: '1 day' }).click();
    await view.locator('.figure[aria-label="Busiest day"]').waitFor();
    await assertPaintedChart(view);
    const daily = await figures(view);
    await wb.screenshot('journey-2-report-daily');

    // The JSON document, opened from the panel's toolbar.
    await view.locator('vscode-button[data-action="openJson"]').click();
    await wb.tab('Last 7 days.json').waitFor();
    const lines = await wb.editorLines(27);
    const text = lines.join('\n');
    await wb.screenshot('journey-2-json');
    assert.strictEqual(lines[0].trim(), '{', text);
    const field = (name: string) => new RegExp(`"${name}": "([^"]+)"`).exec(text)?.[1] ?? '';
    const monitorId = field('id');
    const start = field('start');
    const end = field('end');
    const timezone = field('timezone');
    assert.match(monitorId, /^mon_/, text);
    assert.strictEqual(field('interval'), '1d', text);
    const jsonTotals = JSON.parse(`{${/"totals": \{([^}]*)\}/.exec(text)?.[1] ?? ''}}`) as Record<string, number>;

    // The figures match the sandbox's own totals for the same monitor and range.
    for (const [interval, shown] of [
      ['1h', hourly],
      ['1d', daily],
    ] as const) {
      const truth = await sandboxData(sandbox!, monitorId, { start, end, interval, timezone });
      for (const d of truth.directions) {
        assert.strictEqual(count(shown[d.name]), truth.totals[d.id], `${interval} total of "${d.name}"`);
        assert.strictEqual(jsonTotals[d.id], truth.totals[d.id], `JSON total of "${d.id}"`);
      }
      const busiest = Math.max(...truth.buckets.map((b) => Object.values(b.counts).reduce((s, v) => s + v, 0)));
      assert.strictEqual(count(shown[interval === '1h' ? 'Busiest hour' : 'Busiest day']), busiest, `${interval} busiest`);
    }

    await wb.runCommand('View: Close All Editors');
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
  });

  it('journey 3: new report, rename, delete', async () => {
    await wb.contextMenu(wb.treeRow('Store Occupancy'), 'New Report…');
    await wb.answer('Report name', 'Weekend footfall');
    await wb.pick('Last 30 days');
    // A change of mind at the interval (step 3 of 5): Back, in the title bar, returns to the range with the earlier
    // answer still chosen.
    const title = wb.quickInput.locator('.quick-input-title');
    await title.filter({ hasText: /New report for .*Store Occupancy.* \(3\/5\)$/ }).waitFor();
    await wb.quickInput.locator('.quick-input-left-action-bar .codicon-quick-input-back').click();
    await title.filter({ hasText: /\(2\/5\)$/ }).waitFor();
    await wb.quickInput
      .locator('.monaco-list-row.focused')
      .and(wb.page.getByLabel(/^Last 30 days/))
      .waitFor();
    await wb.pick('Last 30 days');
    await title.filter({ hasText: /\(3\/5\)$/ }).waitFor();
    await wb.pick('1 day');
    await title.filter({ hasText: /\(4\/5\)$/ }).waitFor();
    await wb.pick('Previous period');
    await wb.acceptPick('Directions');
    await wb.treeRow('Weekend footfall', 'Last 30 days').waitFor();
    await wb.screenshot('journey-3-new-report');
    await wb.screenshotTree('journey-3-tree');

    await wb.contextMenu(wb.treeRow('Weekend footfall'), 'Rename Report…');
    await wb.answer('Report name', 'Month of footfall');
    await wb.treeRow('Month of footfall', 'Last 30 days').waitFor();
    await wb.treeRow('Weekend footfall').waitFor({ state: 'detached' });

    await wb.contextMenu(wb.treeRow('Month of footfall'), 'Delete Report');
    await wb.dialog.waitFor();
    assert.match(await wb.dialog.innerText(), /Delete the report “\u2068Month of footfall\u2069”\?/);
    await wb.screenshot('journey-3-delete-dialog');
    await wb.dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    await wb.treeRow('Month of footfall').waitFor({ state: 'detached' });
    await wb.treeRow('Last 7 days').waitFor();
  });

  it('journey 4: password and client-credentials sign-in as more accounts', async () => {
    await wb.viewAction('Collapse All').click();
    await wb.treeRow('Oxford Street Flagship').waitFor({ state: 'detached' });
    // The person names their organisation's confidential client in the Settings editor.
    await setUserSetting('hoxton.auth.clientId', SERVICE.clientId);
    await untilSignInUses(SERVICE.clientId);
    sandbox!.resetStats();

    await wb.runCommand('Hoxton: Sign In');
    // With an account signed in, VS Code's dialog is its "sign in again" one; the detail says what really happens.
    const asked = await wb.consent();
    assert.strictEqual(asked.message, "The extension 'Hoxton Reports' wants you to sign in again using HoxtonAi.");
    assert.match(asked.detail, /adds another HoxtonAi account; the accounts signed in now stay signed in/);
    await wb.pick('Email and password');
    await wb.answer('Email', BOROUGH.username);
    await wb.answer('Password', BOROUGH.password);
    await wb.answer('if your OAuth client is confidential', SERVICE.secret);
    await wb.notification(`Signed in to HoxtonAi as ${notifyText(BOROUGH.label)}.`).waitFor();
    await wb.treeRow('Borough Market', BOROUGH.name).waitFor();
    await wb.treeRow('Green Market').waitFor();
    await wb.statusBarItem('2 HoxtonAi accounts').waitFor();
    // At most three toasts show at a time (the rest queue): start the next sign-in with none.
    await wb.clearNotifications();

    await wb.runCommand('Hoxton: Sign In');
    await wb.consent();
    await wb.pick('Client credentials');
    await wb.answer('kept in VS Code', SERVICE.secret);
    await wb.notification(`Signed in to HoxtonAi as ${notifyText(SERVICE.label)}.`).waitFor();
    await wb.treeRow('Acme Retail', SERVICE.clientId).waitFor();
    await wb.statusBarItem('3 HoxtonAi accounts').waitFor();
    await wb.treeRow('Oxford Street Flagship').waitFor(); // the new account's sites (Dana's stay collapsed)
    await wb.treeLoaded();
    await wb.treeRow('Acme Retail', DEMO.name).waitFor();
    await wb.treeRow('Borough Market', BOROUGH.name).waitFor();
    // Each sign-in cost the sandbox one token request: no renewal of a token just granted.
    assert.deepStrictEqual(sandbox!.stats().tokenRequestsByGrant, { password: 1, client_credentials: 1 });
    await wb.clearNotifications();
    await wb.screenshot('journey-4-accounts');

    await wb.activity('Accounts').click();
    const menu = page.locator('.context-view .monaco-menu');
    for (const label of [DEMO.label, BOROUGH.label, SERVICE.label]) {
      await menu.locator('.action-label', { hasText: `${label} (HoxtonAi)` }).waitFor();
    }
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    // The machine account keeps working after a revocation (it has no refresh token): sign it out here.
    await wb.runCommand('Hoxton: Sign Out');
    await wb.pick(SERVICE.label);
    await wb.treeRow('Acme Retail', SERVICE.clientId).waitFor({ state: 'detached' });
    await wb.treeRow('Acme Retail', DEMO.name).waitFor();
  });

  it('journey 5: the session ends, the welcome view returns, signing in again restores the tree', async () => {
    // Both signed-in accounts are on screen, so the next action (Refresh) uses both.
    await wb.expand(wb.treeRow('Acme Retail', DEMO.name));
    await wb.treeRow('Borough Market', BOROUGH.name).waitFor();
    sandbox!.revokeAll();
    await wb.viewAction('Refresh').click();
    await wb.notification(SESSION_ENDED).first().waitFor();
    await wb.welcomeButton().waitFor();
    await wb.tree.waitFor({ state: 'hidden' });
    await wb.screenshot('journey-5-session-ended');

    await wb.clickNotificationButton(SESSION_ENDED, 'Sign In');
    await wb.consent();
    await wb.pick('Email and password');
    await wb.answer('Email', DEMO.username);
    await wb.answer('Password', DEMO.password);
    await wb.answer('if your OAuth client is confidential', SERVICE.secret);
    await wb.treeRow('Acme Retail', DEMO.name).waitFor();
    await wb.expand(wb.treeRow('Acme Retail', DEMO.name));
    await wb.treeRow('Oxford Street Flagship').waitFor();
    await wb.welcomeButton().waitFor({ state: 'hidden' });
    await wb.clearNotifications();
    await wb.screenshot('journey-5-signed-in-again');
  });

  it('journey 6: reload the window with a report panel open', async () => {
    await wb.expand(wb.treeRow('Oxford Street Flagship'));
    await wb.expand(wb.treeRow('Store Occupancy'));
    await wb.treeRow('Yesterday').click();
    await wb.tab('Yesterday · Store Occupancy').waitFor();
    await assertPaintedChart(wb.webview());

    const reloaded = page.waitForEvent('domcontentloaded');
    await wb.runCommand('Developer: Reload Window');
    await reloaded;
    await wb.whenReady();
    await wb.tab('Yesterday · Store Occupancy').waitFor();
    const view = wb.webview();
    await assertPaintedChart(view);
    assert.strictEqual(await view.locator('h1.title').textContent(), 'Yesterday · Store Occupancy');
    await wb.screenshot('journey-6-restored');
    await wb.runCommand('View: Close All Editors');
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
  });

  it('journey 7: a failing API shows an error row; Retry after the fault is cleared loads the monitors', async () => {
    await wb.openHoxtonView();
    await wb.viewAction('Collapse All').click();
    await wb.expand(wb.treeRow('Acme Retail', DEMO.name));
    sandbox!.faults.set({ route: 'GET /v1/monitors', status: 503 });
    await wb.expand(wb.treeRow('Shibuya'));
    const errorRow = wb.tree.locator('.monaco-list-row').filter({ hasText: 'HoxtonAi had a problem (503)' });
    await errorRow.waitFor({ timeout: 30_000 });
    assert.match((await errorRow.textContent()) ?? '', /Retry/);
    await wb.screenshot('journey-7-error-row');

    sandbox!.faults.clear();
    await errorRow.click();
    await wb.treeRow('Store Occupancy').waitFor();
    await errorRow.waitFor({ state: 'detached' });
    await wb.screenshot('journey-7-retried');
  });

  it('journey 8: two windows renew one session at once; neither signs the other out', async () => {
    const STALE = 'Another window renewed this HoxtonAi session. Reload this window to use it.';
    await wb.openHoxtonView();
    sandbox!.setTokenLifetime(20); // renewed after 16 s (80 %)
    let page2: Page | undefined;
    try {
      await wb.runCommand('Hoxton: Sign In');
      await wb.consent();
      await wb.pick('Email and password');
      await wb.answer('Email', DEMO.username);
      await wb.answer('Password', DEMO.password);
      await wb.answer('if your OAuth client is confidential', SERVICE.secret);
      await wb.notification(`Signed in to HoxtonAi as ${notifyText(DEMO.label)}.`).waitFor();
      const signedInAt = Date.now();
      // Only the sign-in's token is short-lived: the one the windows renew to lives a day, so a slow reload below
      // (a loaded machine) cannot lead to a second, legitimate renewal.
      sandbox!.setTokenLifetime(86_400);
      await wb.clearNotifications();
      // A second window: its own extension host and its own copy of the secrets (code-server keeps one per tab).
      page2 = await context!.newPage();
      const wb2 = new Workbench(context!, page2);
      await wb2.open(server!.workbenchUrl());
      await wb2.openHoxtonView();
      await wb2.treeRow('Acme Retail', DEMO.name).waitFor();
      // Both windows hold the same refresh token and a token that is now due: both renew at the same moment.
      await new Promise((r) => setTimeout(r, Math.max(0, signedInAt + 17_000 - Date.now())));
      sandbox!.resetStats();
      await Promise.all([wb.viewAction('Refresh').click(), wb2.viewAction('Refresh').click()]);
      const stale = await Promise.race([
        wb
          .notification(STALE)
          .first()
          .waitFor({ timeout: 30_000 })
          .then(() => wb),
        wb2
          .notification(STALE)
          .first()
          .waitFor({ timeout: 30_000 })
          .then(() => wb2),
      ]);
      await wb.screenshot('journey-8-stale-window', stale.page);
      assert.strictEqual(sandbox!.stats().tokenRequestsByGrant.refresh_token, 1, 'one refresh grant for both windows');
      for (const w of [wb, wb2]) assert.strictEqual(await w.notification(SESSION_ENDED).count(), 0, 'no window ended the session');
      // Reloading the stale window reads the secrets again: it uses the token the other window obtained.
      await stale.page.reload({ waitUntil: 'domcontentloaded' });
      await stale.whenReady();
      await stale.openHoxtonView();
      await stale.treeRow('Oxford Street Flagship').waitFor({ timeout: 30_000 });
      assert.strictEqual(sandbox!.stats().tokenRequestsByGrant.refresh_token, 1, 'no further grant after the reload');
      for (const w of [wb, wb2]) assert.strictEqual(await w.notification(SESSION_ENDED).count(), 0, 'no window ended the session');
    } finally {
      sandbox!.setTokenLifetime(86_400);
      await page2?.close();
    }
  });

  it('journey 9: watch a monitor, it goes over its threshold, open the report from the notification', async () => {
    const live = sandbox!.info.liveMonitors[0];
    const setLive = async (body: Record<string, unknown>) => {
      const res = await fetch(`${sandbox!.url}/__sandbox/live`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(res.ok, `POST /__sandbox/live → ${res.status}`);
    };
    const percent = (v: number) => Math.round((v / live.capacity!) * 100);
    await setLive({ now: Date.now(), values: { [live.id]: 100 } });
    // Rounds every 15 s (the minimum), set as a person does.
    await setUserSetting('hoxton.occupancy.watchSeconds', '15');
    await wb.openHoxtonView();
    await wb.runCommand('Hoxton: Sign In');
    await wb.consent();
    await wb.pick('Email and password');
    await wb.answer('Email', BOROUGH.username);
    await wb.answer('Password', BOROUGH.password);
    await wb.answer('if your OAuth client is confidential', SERVICE.secret);
    await wb.notification(`Signed in to HoxtonAi as ${notifyText(BOROUGH.label)}.`).waitFor();
    await wb.clearNotifications();
    await wb.viewAction('Collapse All').click();
    await wb.expand(wb.treeRow('Borough Market', BOROUGH.name));
    await wb.expand(wb.treeRow('Green Market'));
    await wb.contextMenu(wb.treeRow(live.name), 'Watch Occupancy');
    const watching = wb.treeRow('Watching');
    await watching.waitFor();
    await wb.treeRow(live.name, `100 of ${live.capacity} (${percent(100)} %)`).waitFor({ timeout: 30_000 });

    // Over its threshold (80 %): one notification, the badge and the status bar name it.
    const over = 350;
    await setLive({ values: { [live.id]: over } });
    const text = `${notifyText(live.name)} is at ${percent(over)} % of capacity (${over} of ${live.capacity})`;
    await wb.notification(text).waitFor({ timeout: 60_000 });
    await wb.treeRow(live.name, `${over} of ${live.capacity} (${percent(over)} %)`).waitFor();
    await wb.statusBarItem(`${percent(over)} %`).waitFor();
    // The photo: the Watching group above the accounts (Borough's sites folded away).
    for (const row of [wb.treeRow('Green Market'), wb.treeRow('Borough Market', BOROUGH.name)]) {
      await row.click();
      await waitForAttribute(row, 'aria-expanded', 'false');
    }
    await wb.screenshotTree('journey-9-watching');
    assert.strictEqual(await wb.notification(text).count(), 1, 'one notification for the crossing');

    await wb.clickNotificationButton(text, 'Open Report');
    await wb.tab(`Today · ${live.name}`).waitFor();
    const view = wb.webview();
    await view.locator('#app[data-state="data"]').waitFor({ timeout: 30_000 });
    await view
      .getByText(`${over} of ${live.capacity} (${percent(over)} %)`)
      .first()
      .waitFor();
    // "Today" holds a night's empty buckets, or none, just after the site's midnight: the week (still live, still
    // holding now) always has counts to draw.
    await view.locator('#range').click();
    await view.locator('#range').getByRole('option', { name: 'Last 7 days' }).click();
    await view.locator('h1.title', { hasText: `Last 7 days · ${live.name}` }).waitFor();
    await assertPaintedChart(view);
    await view
      .getByText(`${over} of ${live.capacity} (${percent(over)} %)`)
      .first()
      .waitFor();
    await wb.screenshot('journey-9-report-from-notification');

    // Stop watching (the group goes away) and close the panel.
    await wb.contextMenu(wb.treeRow(live.name, `${over} of ${live.capacity}`), 'Stop Watching');
    await watching.waitFor({ state: 'detached' });
    await wb.runCommand('View: Close All Editors');
    await wb.clearNotifications();
  });

  it('journey 10: open a site report: right-click a site → Open Site Report, one series per entrance and their total', async () => {
    await wb.openHoxtonView();
    await wb.viewAction('Collapse All').click();
    await wb.expand(wb.treeRow('Acme Retail', DEMO.name));
    const site = wb.treeRow('Oxford Street Flagship');
    await site.waitFor();
    await wb.contextMenu(site, 'Open Site Report');
    await wb.tab('Last 7 days · Oxford Street Flagship · 4 monitors').waitFor({ timeout: 30_000 });
    const view = wb.webview();
    await assertPaintedChart(view);
    // A legend entry per people-count monitor of the site, and the total of the selected monitors.
    const names = await view.locator('.multi-legend .multi-entry:not(.multi-total) .figure-label-text').allTextContents();
    assert.deepStrictEqual(
      [...names].sort(),
      ['Atrium Crossing', 'Café Corridor', 'Escalator Landing', 'Main Entrance'].map((n) => `\u2068${n}\u2069`),
      'the site’s four people-count monitors, names isolated',
    );
    const total = view.locator('.multi-total');
    assert.match((await total.getAttribute('title')) ?? '', /internal doors/);
    const perMonitor = await view.locator('.multi-legend .multi-entry:not(.multi-total) .multi-series-value').allTextContents();
    assert.strictEqual(
      count((await total.locator('.figure-value').textContent()) ?? ''),
      perMonitor.reduce((s, v) => s + count(v), 0),
      'the total is the sum of the monitors shown',
    );
    await wb.screenshot('journey-10-site-report');
    await wb.runCommand('View: Close All Editors');
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
  });

  it('journey 11: compare with last week', async () => {
    await wb.openHoxtonView();
    await wb.viewAction('Collapse All').click();
    await wb.expand(wb.treeRow('Acme Retail', DEMO.name));
    await wb.expand(wb.treeRow('Oxford Street Flagship'));
    await wb.expand(wb.treeRow('Main Entrance'));
    await wb.treeRow('Last 7 days').first().click();
    await wb.tab('Last 7 days · Main Entrance').waitFor();
    const view = wb.webview();
    await assertPaintedChart(view);

    // Compare → Previous period: the dashed series join the chart and the change figures appear.
    await view.locator('#compare').click();
    await view.locator('#compare').getByRole('option', { name: 'Previous period' }).click();
    await view.locator('.compare-figures .figure').first().waitFor({ timeout: 30_000 });
    await assertPaintedChart(view);
    const legend = await view.locator('.u-legend .u-series .u-label').allInnerTexts();
    assert.ok(legend.includes('in (previous period)') && legend.includes('out (previous period)'), legend.join(' | '));
    await wb.screenshot('journey-11-compare');

    // The figures against the sandbox's own data for this week and the 7 local days before it.
    await view.locator('vscode-button[data-action="openJson"]').click();
    await wb.tab('Last 7 days.json').waitFor();
    const text = (await wb.editorLines(27)).join('\n');
    const field = (name: string) => new RegExp(`"${name}": "([^"]+)"`).exec(text)?.[1] ?? '';
    const [monitorId, start, end, timezone] = [field('id'), field('start'), field('end'), field('timezone')];
    const [y, m, d] = start.slice(0, 10).split('-').map(Number);
    const weekBefore = new Date(Date.UTC(y, m - 1, d - 7)).toISOString().slice(0, 10);
    const now = await sandboxData(sandbox!, monitorId, { start, end, interval: '1h', timezone });
    // A local time without an offset: the sandbox reads it in the site's time zone.
    const before = await sandboxData(sandbox!, monitorId, { start: `${weekBefore}T00:00:00`, end: start, interval: '1h', timezone });
    await wb.runCommand('View: Close Editor');
    const cards = await wb
      .webview()
      .locator('.compare-figures .figure')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('aria-label') ?? '',
          e.querySelector('.compare-change')?.textContent ?? '',
          e.querySelector('.compare-before')?.textContent ?? '',
        ]),
      );
    for (const dir of now.directions) {
      const a = now.totals[dir.id];
      const b = before.totals[dir.id];
      const p = Math.round(((a - b) / b) * 1000) / 10;
      const change = p === 0 ? '0.0 %' : `${p > 0 ? '+' : '-'}${Math.abs(p).toFixed(1)} %`;
      const card = cards.find((c) => c[0] === dir.name);
      assert.ok(card, `a comparison card for ${dir.name}: ${JSON.stringify(cards)}`);
      assert.strictEqual(card[1], change, `${dir.name}: ${a} vs ${b}`);
      assert.strictEqual(count(card[2]), b, `${dir.name} the week before`);
    }
    await wb.runCommand('View: Close All Editors');
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
  });

  it('journey 12: busiest hours and a chart image', async () => {
    await wb.openHoxtonView();
    await wb.viewAction('Collapse All').click();
    await wb.expand(wb.treeRow('Acme Retail', DEMO.name));
    await wb.expand(wb.treeRow('Oxford Street Flagship'));
    await wb.expand(wb.treeRow('Main Entrance'));
    await wb.treeRow('Last 30 days').first().click();
    await wb.tab('Last 30 days · Main Entrance').waitFor();
    const view = wb.webview();
    await assertPaintedChart(view);

    // Daily buckets (the month's default) have no hours: the section says so; 1 hour shows the grid.
    const section = view.locator('.heatmap-section');
    await section.locator('.heatmap-unavailable', { hasText: 'Daily buckets have no hours' }).waitFor();
    await view.locator('#interval').click();
    await view.locator('#interval').getByRole('option', { name: '1 hour' }).click();
    await view.locator('.figure[aria-label="Busiest hour"]').waitFor();
    await assertPaintedChart(view);
    const grid = section.locator('.heatmap[role="grid"]');
    await grid.waitFor();
    await section.scrollIntoViewIfNeeded();

    // Hover a cell: its value is written under the grid. Then the keyboard: Tab reaches the grid, arrows move.
    const readout = section.locator('.heatmap-readout');
    const saturday = grid.locator('.heatmap-cell[data-day="5"][data-hour="14"]');
    await saturday.hover();
    const hovered = (await saturday.getAttribute('aria-label')) ?? '';
    assert.match(hovered, /^Saturday 14:00–15:00: [\d.,]+ people per hour on average$/, hovered);
    await waitForText(readout, hovered);
    const stop = grid.locator('.heatmap-cell[tabindex="0"]');
    await stop.focus();
    await waitForText(readout, (await stop.getAttribute('aria-label')) ?? '');
    const from = Number(await stop.getAttribute('data-hour'));
    await stop.press(from < 23 ? 'ArrowRight' : 'ArrowLeft');
    const moved = grid.locator(`.heatmap-cell[tabindex="0"][data-hour="${from < 23 ? from + 1 : from - 1}"]`);
    await waitForText(readout, (await moved.getAttribute('aria-label')) ?? '');

    // The busiest hours, in text, against the sandbox's own hourly data for the same range (read from its JSON).
    const busiest = await section.locator('.heatmap-busiest li').allTextContents();
    assert.strictEqual(busiest.length, 5, busiest.join(' | '));
    await section.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await wb.screenshot('journey-12-heatmap');
    await view.locator('vscode-button[data-action="openJson"]').click();
    await wb.tab('Last 30 days.json').waitFor();
    const text = (await wb.editorLines(27)).join('\n');
    const field = (name: string) => new RegExp(`"${name}": "([^"]+)"`).exec(text)?.[1] ?? '';
    const [monitorId, start, end, timezone] = [field('id'), field('start'), field('end'), field('timezone')];
    await wb.runCommand('View: Close Editor');
    const truth = await sandboxData(sandbox!, monitorId, { start, end, interval: '1h', timezone });
    const hours = truth.buckets as { start: string; counts: Record<string, number> }[]; // the sandbox sends `start`
    const top = weekHours(hours, timezone)[0];
    const [when, value] = busiest[0].split(': ');
    assert.strictEqual(when, top.when, `the busiest hour: ${busiest[0]}`);
    assert.strictEqual(Number(value.replace(/[^\d.]/g, '')), Math.round(top.average * 10) / 10, busiest[0]);
    const values = busiest.map((b) => Number(b.split(': ')[1].replace(/[^\d.]/g, '')));
    assert.deepStrictEqual(
      values,
      [...values].sort((x, y) => y - x),
      'busiest first',
    );

    // Save Chart as PNG…: code-server's save dialog offers the workspace folder and the report's name; Enter saves.
    await wb.webview().locator('vscode-button[data-action="savePng"]').click();
    const pathInput = wb.quickInput.locator('input.input');
    await page.waitForFunction(() =>
      /\.png$/.test(document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value ?? ''),
    );
    assert.match(await pathInput.inputValue(), /Main Entrance Last 30 days\.png$/);
    await pathInput.press('Enter');
    await wb.notification('Last 30 days.png').first().waitFor();
    const png = fs.readFileSync(path.join(session!.tmp, 'workspace', 'Main Entrance Last 30 days.png'));
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.strictEqual(png.toString('latin1', 12, 16), 'IHDR');
    assert.ok(png.readUInt32BE(16) > 300 && png.readUInt32BE(20) > 200, `${png.readUInt32BE(16)} × ${png.readUInt32BE(20)}`);
    await wb.clearNotifications();

    // Copy Table → TSV: what lands on the clipboard parses into one row per hour, the sandbox's counts.
    const origin = new URL(server!.workbenchUrl()).origin;
    await context!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await wb.webview().locator('vscode-button[data-action="copyTable"]').click();
    await wb.pick('Copy as TSV');
    const tsv = await until('the table on the clipboard', async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t.startsWith('Start (') ? t : undefined;
    });
    const rows = parse(tsv, { delimiter: '\t' }) as string[][];
    assert.deepStrictEqual(rows[0], [`Start (${timezone})`, ...truth.directions.map((d) => d.name)]);
    assert.strictEqual(rows.length - 1, truth.buckets.length);
    // Each row: the bucket's London wall-clock time as a spreadsheet reads it, and its counts.
    const wall = wallClockFormat(timezone);
    hours.forEach((b, i) =>
      assert.deepStrictEqual(
        rows[i + 1],
        [wall.format(Date.parse(b.start)), ...truth.directions.map((d) => String(b.counts[d.id] ?? 0))],
        `row ${i + 1}`,
      ),
    );
    truth.directions.forEach((d, k) =>
      assert.strictEqual(
        rows.slice(1).reduce((sum, r) => sum + Number(r[1 + k]), 0),
        truth.totals[d.id],
        `the ${d.name} column adds up to the sandbox's total`,
      ),
    );
    await wb.runCommand('View: Close All Editors');
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
  });
});

/** Waits until an element's text is `text` (the page updates it on hover and focus). */
async function waitForText(loc: import('playwright-core').Locator, text: string): Promise<void> {
  assert.ok(text, 'something to wait for');
  await loc.filter({ hasText: text }).waitFor();
}

/** Polls `probe` until it answers (20 s). */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Average people per hour for each weekday × hour in the zone, from the buckets' instants (Intl only), busiest first:
 * `when` as the page writes it ("Saturday 14:00–15:00").
 */
function weekHours(buckets: { start: string; counts: Record<string, number> }[], timeZone: string): { when: string; average: number }[] {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', hourCycle: 'h23' });
  const cells = new Map<string, { sum: number; hours: Set<number> }>();
  for (const b of buckets) {
    const ms = Date.parse(b.start);
    const parts = f.formatToParts(ms);
    const day = parts.find((p) => p.type === 'weekday')!.value;
    const hour = Number(parts.find((p) => p.type === 'hour')!.value);
    const when = `${day} ${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;
    const cell = cells.get(when) ?? { sum: 0, hours: new Set<number>() };
    cell.sum += Object.values(b.counts).reduce((s, v) => s + v, 0);
    cell.hours.add(Math.floor(ms / 3_600_000));
    cells.set(when, cell);
  }
  return [...cells].map(([when, c]) => ({ when, average: c.sum / c.hours.size })).sort((x, y) => y.average - x.average);
}

/** The extension's own log file (LogOutputChannel "Hoxton") in the profile, newest session first. */
function findExtensionLog(userDataDir: string | undefined): string | undefined {
  if (!userDataDir) return undefined;
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  const found = (fs.readdirSync(logs, { recursive: true }) as string[])
    .filter((f) => f.includes('hoxton.hoxton-reports') && f.endsWith('.log'))
    .map((f) => path.join(logs, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0];
}
