// The walkthrough as a new user meets it, in VS Code (code-server) driven by chromium, with the .vsix installed as a
// user would: it opens from "Welcome: Open Walkthrough…", shows every step with its picture (the pictures load),
// its Sign In button runs the real sign-in, and VS Code ticks the step off when the sign-in is done; the Accounts
// menu offers "Sign in with HoxtonAi to use Hoxton Reports" until then.
import * as assert from 'assert';
import type { Locator, Page } from 'playwright-core';
import { startVsixWorkbench, type VsixWorkbench } from './vsixWorkbench';
import { Workbench } from './workbench';
import { notifyText } from '../../src/util/inert';

const WALKTHROUGH = 'hoxton.hoxton-reports#gettingStarted';
const STEPS = ['connect', 'signIn', 'browse', 'openReport', 'openJson', 'export'];
/** The sizes of the walkthrough's screenshots (scripts/media.js): the picture shown is the step's own. */
const PICTURES: Record<string, [number, number]> = { browse: [380, 509], openReport: [560, 503], openJson: [560, 503], export: [560, 80] };

describe('walkthrough (VS Code in chromium, .vsix installed)', function () {
  this.timeout(120_000);
  this.bail(true);

  let session: VsixWorkbench | undefined;
  let wb: Workbench;
  let page: Page;

  const stepSelector = (id: string) => `button.getting-started-step[data-step-id="${WALKTHROUGH}#${id}"]`;
  const step = (id: string): Locator => page.locator(stepSelector(id));

  before(async function () {
    this.timeout(240_000);
    session = await startVsixWorkbench({
      name: 'walkthrough',
      settings: (url) => ({
        'hoxton.apiUrl': url,
        'hoxton.auth.domain': url,
        // Email and password is for a confidential client (the sandbox's public sandbox-acme allows browser sign-in only).
        'hoxton.auth.clientId': 'sandbox-acme-service',
        'hoxton.auth.defaultMethod': 'password',
        'workbench.colorTheme': 'Default Light Modern',
      }),
    });
    ({ wb, page } = session);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session?.reportFailure('walkthrough');
  });

  after(async function () {
    this.timeout(60_000);
    await session?.close();
  });

  it('before signing in, the Accounts menu offers to sign in for Hoxton Reports', async () => {
    await wb.openHoxtonView(); // activates the extension
    await wb.welcomeButton().waitFor();
    // The request shows first as a badge on the Accounts entry (the menu does not change while it is open).
    const accounts = page.locator('.activitybar li.action-item').filter({ has: page.locator('.codicon-accounts-view-bar-icon') });
    await accounts.locator('.badge-content', { hasText: /^1$/ }).waitFor();
    assert.strictEqual(await accounts.locator('a.action-label').getAttribute('aria-label'), 'Accounts - Sign in requested');
    await accounts.click();
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: 'Sign in with HoxtonAi to use Hoxton Reports' }).waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
  });

  it('opens with its six steps and their pictures', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pick('Get started with Hoxton Reports');
    for (const id of STEPS) await step(id).waitFor({ state: 'attached' });
    assert.deepStrictEqual(
      await page.locator('button.getting-started-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id'))),
      STEPS.map((id) => `${WALKTHROUGH}#${id}`),
    );
    // Each step's picture loads when the step is selected: a screenshot as an <img> with a natural size, a drawing
    // (svg media) inline in a webview of its own, in the theme's colours.
    const media = page.locator('.getting-started-media');
    for (const id of STEPS) {
      await step(id).click();
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-expanded') === 'true', stepSelector(id));
      const img = media.locator('img');
      if (id === 'connect' || id === 'signIn') {
        const drawing = media.frameLocator('iframe.webview').frameLocator('#active-frame').locator('svg');
        await drawing.first().waitFor();
        assert.ok(Number(await drawing.first().getAttribute('width')) > 0, `step ${id}: the drawing`);
      } else {
        await img.first().waitFor();
        const handle = await img.first().elementHandle();
        await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, handle);
        // VS Code scales it by a density descriptor (srcset), so compare shapes.
        const [w, h] = await img.first().evaluate((el) => [(el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight]);
        const [ew, eh] = PICTURES[id];
        assert.ok(
          Math.abs((w / h) * (eh / ew) - 1) < 0.03,
          `step ${id}: the picture shown is ${w}×${h}, expected the shape of ${ew}×${eh}`,
        );
      }
    }
    await step('signIn').click();
    await wb.screenshot('walkthrough-sign-in-step');
    assert.strictEqual(await step('signIn').getAttribute('aria-checked'), 'false', 'signed in before signing in');
  });

  it("the Sign In step's button signs in, and VS Code ticks the step off", async () => {
    await step('signIn').click();
    const button = step('signIn').locator('.monaco-button', { hasText: 'Sign In' });
    // Sign In goes through vscode.authentication.getSession: VS Code asks first. Declined, nothing starts.
    await button.click();
    const declined = await wb.consent('Cancel');
    assert.strictEqual(declined.message, "The extension 'Hoxton Reports' wants to sign in using HoxtonAi.");
    await assert.rejects(wb.quickInput.waitFor({ state: 'visible', timeout: 1500 }), 'no sign-in was started after Cancel');
    assert.strictEqual(await page.locator('.notifications-toasts .notification-list-item').count(), 0, 'no notification after Cancel');
    // Allowed, our sign-in runs.
    await button.click();
    await wb.consent('Allow');
    await wb.answer('Email', 'demo@hoxton.test');
    await wb.answer('Password', 'demo');
    await wb.answer('if your OAuth client is confidential', 'sandbox-acme-service-secret');
    await wb.notification(`Signed in to HoxtonAi as ${notifyText('Dana Demo (Acme Retail)')}.`).waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true', stepSelector('signIn'));
    await wb.screenshot('walkthrough-signed-in');
  });
});
