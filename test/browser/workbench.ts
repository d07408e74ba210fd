// Page objects for the VS Code workbench (code-server in chromium) as a person uses it: the activity bar, the
// Hoxton view and its tree, context menus, the command palette, quick picks and input boxes, notifications, dialogs
// and the report panel's webview. Every helper waits for what is on the screen; none sleeps.
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { resultsDir } from '../harness/codeServer';

export const SCREENSHOTS = path.join(resultsDir(), 'screenshots');

/** A RegExp that matches `text` literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The workbench's own start-up chatter (connection tokens, sockets, built-in extension cache, service worker). */
const WORKBENCH_NOISE =
  /\[log\] %c INFO color: #33f (Resolv|Creating a socket|Ignoring fetching|Updating additional|\[Service Worker\]|ChatSessionStore)/;

/** Screenshots leave hovers out: they are the pointer's, not the view's. */
const NO_HOVERS = '.workbench-hover-container { display: none !important; }';

/** Whole-text match, ignoring surrounding whitespace (codicons in labels add some). */
const exactly = (text: string) => new RegExp(`^\\s*${literal(text)}\\s*$`);

export class Workbench {
  /** The last console lines of every page and frame (workbench, webviews, sign-in tabs). */
  readonly console: string[] = [];

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    this.watch(page, 'workbench');
    context.on('page', (p) => this.watch(p, 'tab'));
  }

  private watch(p: Page, name: string): void {
    const add = (line: string) => {
      if (WORKBENCH_NOISE.test(line)) return;
      this.console.push(`${new Date().toISOString().slice(11, 23)} ${name} ${line}`);
      if (this.console.length > 500) this.console.splice(0, this.console.length - 500);
    };
    p.on('console', (m) => add(`[${m.type()}] ${m.text()}`));
    p.on('pageerror', (e) => add(`[pageerror] ${e.message}`));
  }

  /** Opens the workbench and waits until the extension's view container is in the activity bar. */
  async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    await this.whenReady();
  }

  async whenReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.activity('Hoxton').waitFor({ timeout: 60_000 });
  }

  // ---- activity bar and the Hoxton view ----

  activity(label: string): Locator {
    return this.page.locator(`.activitybar a.action-label[aria-label="${label}"]`);
  }

  /** Shows the Hoxton view container (clicking its entry again would hide it). */
  async openHoxtonView(): Promise<void> {
    // After a reload the workbench restores the last view container a moment after the activity bar appears;
    // a click during that restore toggles the side bar off. So: click only while the view's title is not
    // showing, and look again after each click.
    const title = this.sidebar.locator('.composite.title .title-label', { hasText: /Monitor Reports/i });
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await title.isVisible()) return;
      await this.activity('Hoxton').click();
      try {
        await title.waitFor({ timeout: 4_000 });
        // Stay a moment: a restore finishing now would hide it again.
        await this.page.waitForTimeout(300);
        if (await title.isVisible()) return;
      } catch {
        /* not shown yet: look again */
      }
    }
    throw new Error('the Hoxton view did not open after 5 clicks');
  }

  /** Drags the side bar's edge until it is `width` pixels wide (long names then show in full). */
  async resizeSidebar(width: number): Promise<void> {
    const box = await this.sidebar.boundingBox();
    if (!box) throw new Error('the side bar is not showing');
    const edge = box.x + box.width;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(edge, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    const after = await this.sidebar.boundingBox();
    if (!after || Math.abs(after.width - width) > 2) throw new Error(`the side bar is ${after?.width} px wide, not ${width}`);
  }

  get sidebar(): Locator {
    return this.page.locator('.part.sidebar');
  }

  welcomeButton(text = 'Sign in to HoxtonAi'): Locator {
    return this.sidebar.locator('.welcome-view-content a.monaco-button', { hasText: text });
  }

  /** A button in the view's title bar ("Refresh", "Collapse All", …). */
  viewAction(label: string): Locator {
    return this.sidebar.locator(`.action-label[aria-label^="${label}"]`).filter({ visible: true });
  }

  get tree(): Locator {
    return this.sidebar.locator('.monaco-list[aria-label="Monitor Reports"]');
  }

  /** A row of the Monitor Reports tree by its label (and part of its description). */
  treeRow(label: string, description?: string): Locator {
    let row = this.tree.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name').getByText(exactly(label)) });
    if (description) row = row.filter({ has: this.page.locator('.label-description', { hasText: description }) });
    return row;
  }

  /** Waits until no row of the tree says "Loading…". */
  async treeLoaded(): Promise<void> {
    await this.tree.locator('.monaco-list-row', { hasText: 'Loading…' }).first().waitFor({ state: 'detached' });
  }

  /** Clicks a collapsed row open and waits until it is expanded. */
  async expand(row: Locator): Promise<void> {
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    await waitForAttribute(row, 'aria-expanded', 'true');
  }

  /**
   * Right-clicks a row and runs an item of its context menu. The item is chosen with the arrow keys and Enter:
   * VS Code ignores mouse clicks on a menu during its first 100 ms (so that the right-click's own mouse-up does not
   * pick an item), and a keyboard choice needs no such wait.
   */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const items = menu.locator('.action-item:not(.disabled) .action-label');
    const labels = (await items.allTextContents()).map((s) => s.trim());
    if (!labels.includes(item)) throw new Error(`no "${item}" in the context menu (${labels.join(', ')})`);
    // Move the pointer off the menu so that hovering cannot move the focus while the keys do.
    await this.page.mouse.move(1, 1);
    const focused = menu.locator('.action-item.focused .action-label');
    for (let i = 0; i <= labels.length; i++) {
      await this.page.keyboard.press('ArrowDown');
      if (((await focused.textContent()) ?? '').trim() === item) {
        await this.page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden' });
        return;
      }
    }
    throw new Error(`could not reach "${item}" in the context menu with the arrow keys`);
  }

  // ---- VS Code's consent dialog for a sign-in (vscode.authentication.getSession with createIfNone/forceNewSession)

  /** The modal "The extension 'Hoxton Reports' wants (you) to sign in (again) using HoxtonAi." */
  get consentDialog(): Locator {
    return this.page.locator('.monaco-dialog-box').filter({ hasText: /wants (you )?to sign in (again )?using / });
  }

  /**
   * Answers VS Code's sign-in consent dialog, as Sign In shows it before our own sign-in starts, with `button`.
   * Returns its message and detail, for the tests to check which request it was.
   */
  async consent(button: 'Allow' | 'Cancel' = 'Allow'): Promise<{ message: string; detail: string }> {
    const dialog = this.consentDialog;
    await dialog.waitFor();
    // Without a detail, VS Code writes the message where the detail goes (base/browser/ui/dialog/dialog.ts).
    const text = async (sel: string) => ((await dialog.locator(sel).first().textContent()) ?? '').trim();
    const hasDetail = (await dialog.locator('.dialog-message-text').count()) > 0;
    const message = await text(hasDetail ? '.dialog-message-text' : '.dialog-message-detail');
    const detail = hasDetail ? await text('.dialog-message-detail') : '';
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    return { message, detail };
  }

  // ---- command palette, quick picks and input boxes ----

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** F1, enter the command's title, click it. */
  async runCommand(title: string): Promise<void> {
    const input = this.quickInput.locator('input.input');
    // F1 now and then opens nothing, or a palette that closes at once, when the focus is still moving (a dialog or a
    // sign-in just closed): try again, up to three times, until the palette shows with its ">".
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await this.page.waitForFunction(
          () => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value === '>',
          null,
          {
            timeout: 5_000,
          },
        );
        await input.fill(`>${title}`, { timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    await this.pick(title, true);
  }

  /** Clears the notification toasts (they would hide part of the next screenshots). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached' });
  }

  /** A quick-pick row whose label is `label` (aria-label "label" or "label, description…"). */
  pickRow(label: string, atStart = false): Locator {
    // Names from a server are wrapped in bidi isolates (U+2068 … U+2069) by the extension: allow them around the label.
    const re = new RegExp(`${atStart ? '^' : '(^|\\s)'}[\u2066-\u2069]?${literal(label)}[\u2066-\u2069]?(,|$)`);
    return this.quickInput.locator('.monaco-list-row').and(this.page.getByLabel(re));
  }

  /** Clicks a quick-pick item. */
  async pick(label: string, atStart = false): Promise<void> {
    await this.pickRow(label, atStart).click();
  }

  /** Waits for the input box asking `prompt`, types `text` and presses Enter. */
  async answer(prompt: string, text: string): Promise<void> {
    await this.quickInput.locator('.quick-input-message', { hasText: prompt }).waitFor();
    const input = this.quickInput.locator('input.input');
    await input.fill(text);
    await input.press('Enter');
  }

  /** Waits for the quick pick with this placeholder and accepts it as it is (multi-select: the OK button). */
  async acceptPick(placeholder: string): Promise<void> {
    await this.quickInput.locator(`input.input[placeholder^="${placeholder}"]`).waitFor();
    await this.quickInput.locator('.quick-input-action .monaco-button', { hasText: 'OK' }).click();
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  // ---- notifications and dialogs ----

  notification(text: string): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item', { hasText: text });
  }

  async clickNotificationButton(text: string, button: string): Promise<void> {
    await this.notification(text).first().locator('.monaco-button', { hasText: button }).click();
  }

  statusBarItem(text: string): Locator {
    return this.page.locator('.statusbar-item', { hasText: text });
  }

  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  // ---- editors and the report panel ----

  tab(title: string): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: title });
  }

  /** The visible report panel's page (the webview's inner frame). */
  webview(): FrameLocator {
    return this.page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('#active-frame').contentFrame();
  }

  /** The first `count` lines of the active text editor, as shown. */
  async editorLines(count: number): Promise<string[]> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
    await lines.first().waitFor();
    const shown = await lines.evaluateAll((els) =>
      els
        .map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: (e.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return shown.slice(0, count);
  }

  // ---- screenshots and failures ----

  /** A PNG of the page (default: the workbench), or of part of it with a margin. */
  async screenshot(name: string, target: Page | Locator = this.page, margin = 16): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name}.png`);
    if (target === this.page || ('page' in target && target.page() === this.page)) {
      // Park the pointer on the empty title bar so that no hover or tooltip covers what is photographed.
      await this.page.mouse.move(200, 12);
      const hover = this.page.locator('.workbench-hover-container').filter({ visible: true }).first();
      // A hover normally goes within a second. One that stays (CI once kept a hover for 20 s after the pointer
      // left) must not fail a journey over a picture: say which it was, and leave it out of the picture.
      const gone = await hover.waitFor({ state: 'detached', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (!gone)
        console.log(`      (screenshot ${name}: a hover stayed, left out: ${JSON.stringify(await hover.textContent().catch(() => ''))})`);
    }
    if ('goto' in target) {
      await target.screenshot({ path: file, style: NO_HOVERS });
    } else {
      const box = await target.boundingBox();
      if (!box) throw new Error(`nothing to photograph for ${name}`);
      const page = target.page();
      const size = page.viewportSize() ?? { width: box.x + box.width, height: box.y + box.height };
      const x = Math.max(0, box.x - margin);
      const y = Math.max(0, box.y - margin);
      const clip = {
        x,
        y,
        width: Math.min(size.width, box.x + box.width + margin) - x,
        height: Math.min(size.height, box.y + box.height + margin) - y,
      };
      await page.screenshot({ path: file, clip, style: NO_HOVERS });
    }
    return file;
  }

  /** A PNG of the side bar, down to the last row of the tree. */
  async screenshotTree(name: string): Promise<string> {
    const bar = await this.sidebar.boundingBox();
    const rows = await this.tree
      .locator('.monaco-list-row')
      .evaluateAll((els) => Math.max(0, ...els.map((e) => e.getBoundingClientRect().bottom)));
    if (!bar) throw new Error('the side bar is not showing');
    await this.page.mouse.move(200, 12);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name}.png`);
    const bottom = Math.min(bar.y + bar.height, rows + 12);
    await this.page.screenshot({ path: file, clip: { x: bar.x, y: bar.y, width: bar.width, height: bottom - bar.y }, style: NO_HOVERS });
    return file;
  }

  lastConsoleLines(n = 30): string[] {
    return this.console.slice(-n);
  }
}

/** Polls an attribute through the locator (auto-waiting) until it has the value. */
export async function waitForAttribute(loc: Locator, name: string, value: string, timeout = 20_000): Promise<void> {
  await loc
    .and(loc.page().locator(`[${name}="${value}"]`))
    .first()
    .waitFor({ timeout });
}
