// The extension in another display language, end to end: code-server started with `--locale qps-ploc`, the packaged
// extension installed with a pseudo translation of its runtime bundle (every message of l10n/bundle.l10n.json made by
// @vscode/l10n-dev's pseudo-localiser, which turns every ASCII letter into an accented look-alike). So the host must
// load the bundle for `vscode.env.language`, pass the page's share of it into the report page's HTML, and the page
// must take every string it shows from it: any ASCII word left on the page or in the tree, once the data (names from
// the server, dates and numbers in the browser's own Intl) are taken out, is an English literal that escaped.
// Then the same panel is hidden and shown again: report panels do not keep their page while hidden
// (no retainContextWhenHidden), so the page is rebuilt from its saved state and must come back with the person's
// interval, zoom and data.
//   npm run build && npm run compile:tests && npx mocha --timeout 120000 --exit out/test/browser/pseudoLocale.test.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import type { Sandbox } from '../harness/codeServer';
import { sandboxApi } from '../harness/sandboxApi';
import { startVsixWorkbench, type VsixWorkbench } from './vsixWorkbench';
import { Workbench } from './workbench';

const LOCALE = 'qps-ploc';
const DEMO = { username: 'demo@hoxton.test', password: 'demo', name: 'Dana Demo' };
const ISOLATES = /[\u2066-\u2069]/g;

/** Every name the sandbox serves to the demo account (sites, monitors, directions, reports, organisation, time zones). */
async function serverNames(sandbox: Sandbox): Promise<string[]> {
  const direct = await sandboxApi(sandbox.url, DEMO.username, DEMO.password);
  const get = async <T>(p: string): Promise<T> => (await direct.get(p)) as T;
  const all = direct.all;
  const org = await get<{ name: string; timezone?: string }>('/v1/organisation');
  const sites = await all<{ name: string; timezone: string }>('/v1/sites');
  const monitors = await all<{ name: string; directions: { name: string }[] }>('/v1/monitors');
  const reports = await all<{ name: string }>('/v1/reports');
  return [
    DEMO.name,
    org.name,
    ...(org.timezone ? [org.timezone] : []),
    ...sites.flatMap((s) => [s.name, s.timezone]),
    ...monitors.flatMap((m) => [m.name, ...m.directions.map((d) => d.name)]),
    ...reports.map((r) => r.name),
  ];
}

/** Every string a person can read or hear in the page: text nodes and the aria-label / title / placeholder / label attributes. */
async function pageStrings(view: FrameLocator): Promise<string[]> {
  return view.locator('#app').evaluate((app) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.trim()) out.push(n.textContent.trim());
    for (const el of [app, ...app.querySelectorAll('*')]) {
      for (const a of ['aria-label', 'title', 'placeholder', 'label']) {
        const v = el.getAttribute(a);
        if (v?.trim()) out.push(v.trim());
      }
      const label = (el as { label?: unknown }).label; // @vscode-elements fields: a property, not always reflected
      if (typeof label === 'string' && label.trim()) out.push(label.trim());
    }
    return out;
  });
}

/** The browser's own words for dates in the page's locale (Intl falls back when it does not know the locale). */
async function dateWords(view: FrameLocator): Promise<string[]> {
  return view.locator('body').evaluate(() => {
    const lang = document.documentElement.lang;
    const words = new Set<string>();
    const add = (s: string) => s.split(/[^A-Za-z]+/).forEach((w) => w && words.add(w));
    // Every month (the 1st of each) and every day of the week (seven days in a row).
    for (let m = 0; m < 12; m++) {
      const d = Date.UTC(2001, m, 1);
      for (const o of [{ month: 'short' }, { month: 'long' }] as const)
        add(new Intl.DateTimeFormat(lang, { ...o, timeZone: 'UTC' }).format(d));
    }
    for (let day = 1; day <= 7; day++) {
      const d = Date.UTC(2001, 0, day);
      for (const o of [{ weekday: 'short' }, { weekday: 'long' }] as const)
        add(new Intl.DateTimeFormat(lang, { ...o, timeZone: 'UTC' }).format(d));
    }
    return [...words];
  });
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What is left of `s` that reads as English: ASCII words of 2+ letters once the data are taken out (names from the
 * server as whole words, longest first, and the browser's own date words).
 */
function english(s: string, data: string[], words: Set<string>): string[] {
  let rest = s.replace(ISOLATES, '');
  for (const d of data) rest = rest.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(d)}(?![\\p{L}\\p{N}])`, 'gu'), ' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !words.has(w));
}

describe('the extension in a pseudo locale (qps-ploc, VS Code in chromium)', function () {
  this.timeout(120_000);
  this.bail(true);

  let session: VsixWorkbench | undefined;
  let sandbox: Sandbox | undefined;
  let context: BrowserContext | undefined;
  let wb: Workbench;
  let page: Page;
  let pseudo: Record<string, string>;
  const t = (message: string): string => {
    const m = pseudo[message];
    assert.ok(typeof m === 'string', `"${message}" is in the bundle`);
    return m;
  };

  before(async function () {
    this.timeout(240_000);
    session = await startVsixWorkbench({
      name: 'pseudo-locale',
      locale: LOCALE,
      settings: (url) => ({ 'hoxton.apiUrl': url, 'hoxton.auth.domain': url, 'hoxton.auth.clientId': 'sandbox-acme' }),
      navigationTimeoutMs: 90_000, // the first load builds the language's message cache
      prepare: (dirs, tmp) => {
        // The pseudo translation goes into the installed extension only (it is not shipped).
        const installed = fs.readdirSync(dirs.extensionsDir).find((d) => /hoxton-reports/i.test(d));
        assert.ok(installed, `the extension is installed in ${dirs.extensionsDir}`);
        const l10nDir = path.join(dirs.extensionsDir, installed, 'l10n');
        const english = JSON.parse(fs.readFileSync(path.join(l10nDir, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
        pseudo = getL10nPseudoLocalized(english) as Record<string, string>;
        fs.writeFileSync(path.join(l10nDir, `bundle.l10n.${LOCALE}.json`), JSON.stringify(pseudo));
        // VS Code runs in a display language only when a language pack for it is known (languagepacks.json in the
        // user data folder, as VS Code writes it when one is installed). An empty one is enough: VS Code's own texts
        // stay English, and vscode.env.language becomes qps-ploc, so the extension's bundle for it is loaded.
        const pack = path.join(tmp, 'pseudo-language-pack', 'main.i18n.json');
        fs.mkdirSync(path.dirname(pack), { recursive: true });
        fs.writeFileSync(pack, JSON.stringify({ contents: {} }));
        fs.mkdirSync(dirs.userDataDir, { recursive: true });
        fs.writeFileSync(
          path.join(dirs.userDataDir, 'languagepacks.json'),
          JSON.stringify({
            [LOCALE]: {
              hash: 'hoxton-test',
              extensions: [{ extensionIdentifier: { id: 'hoxton-test.pseudo-language-pack' }, version: '0.0.1' }],
              translations: { vscode: pack },
              label: 'Pseudo',
            },
          }),
        );
      },
    });
    ({ sandbox, context, wb, page } = session);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session?.reportFailure('pseudo-locale');
  });

  after(async function () {
    this.timeout(60_000);
    await session?.close();
  });

  it('the tree and the report page show no English literal', async () => {
    await wb.openHoxtonView();
    await wb.runCommand('Hoxton: Sign In');
    await wb.consent(); // VS Code's own dialog (its strings are VS Code's, not ours)
    const tabOpened = context!.waitForEvent('page');
    await wb.pick(t('Sign in with your browser'));
    const login = await tabOpened;
    await login.waitForLoadState('domcontentloaded');
    await login.locator('input[name="username"]').fill(DEMO.username);
    await login.locator('input[name="password"]').fill(DEMO.password);
    await login.getByRole('button', { name: 'Continue' }).click();
    await login.waitForURL((u) => !u.toString().startsWith(`${sandbox!.url}/authorize`));
    await login.close();
    await page.bringToFront();

    await wb.expand(wb.treeRow('Oxford Street Flagship'));
    await wb.expand(wb.treeRow('Store Occupancy'));
    const lastWeek = t('Last 7 days');
    await wb.treeRow(lastWeek).waitFor();
    const data = (await serverNames(sandbox!)).sort((a, b) => b.length - a.length);

    // The tree: every row's label and description.
    const rows = await wb.tree
      .locator('.monaco-list-row')
      .evaluateAll((els) => els.flatMap((e) => [...e.querySelectorAll('.label-name, .label-description')].map((x) => x.textContent ?? '')));
    assert.ok(rows.length >= 8, `tree rows: ${JSON.stringify(rows)}`);
    const treeLeft = rows.map((r) => [r, english(r, data, new Set())] as const).filter(([, w]) => w.length);
    assert.deepStrictEqual(treeLeft, [], 'English left in the tree');

    // The report page, with data.
    await wb.treeRow(lastWeek).click();
    const view = wb.webview();
    await view.locator('#app[data-state="data"]').waitFor({ timeout: 30_000 });
    assert.strictEqual(await view.locator('html').getAttribute('lang'), LOCALE, '<html lang> follows vscode.env.language');
    await view.getByText(t('Reset zoom'), { exact: true }).waitFor();
    const words = new Set(await dateWords(view));
    const strings = await pageStrings(view);
    assert.ok(strings.length >= 40, `page strings: ${JSON.stringify(strings)}`);
    const left = strings.map((s) => [s, english(s, data, words)] as const).filter(([, w]) => w.length);
    assert.deepStrictEqual(left, [], 'English left in the report page');
  });

  it('a hidden panel comes back with its interval, zoom and data (its page is not kept while hidden)', async () => {
    const view = wb.webview();
    // The person's choices: daily buckets, then a zoom dragged across the chart.
    await view.locator('#interval').click();
    await view
      .locator('#interval')
      .getByRole('option', { name: t('1 day') })
      .click();
    await view.getByText(t('Busiest day'), { exact: true }).waitFor();
    await view.locator('#app[data-state="data"]').waitFor();
    const over = view.locator('.chart .u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the chart is on screen');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const reset = view.locator('vscode-button', { hasText: t('Reset zoom') });
    await assertEnabled(reset, true, 'zoomed');
    const figuresBefore = await view.locator('.figures').innerText();

    // Another panel in front: the first one is hidden and its page is gone (one webview frame left).
    await wb.treeRow(t('Yesterday')).click();
    await wb.tab(t('Yesterday')).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('iframe.webview').length === 1);
    // Back to the first: its page is built again from its saved state.
    await wb.tab(t('Last 7 days')).click();
    const again = wb.webview();
    try {
      await again.locator('#app[data-state="data"]').waitFor({ timeout: 60_000 });
    } catch (e) {
      const frames = await page
        .locator('iframe.webview')
        .evaluateAll((els) => els.map((el) => `${el.className} ${(el as HTMLElement).offsetWidth}x${(el as HTMLElement).offsetHeight}`));
      const state = await again
        .locator('#app')
        .evaluate((el) => `${el.getAttribute('data-state')}: ${el.textContent?.slice(0, 200)}`, undefined, { timeout: 2000 })
        .catch((x: Error) => x.message.split('\n')[0]);
      throw new Error(`the panel did not come back: frames ${JSON.stringify(frames)}; page ${state}; ${(e as Error).message}`);
    }
    await again.getByText(t('Busiest day'), { exact: true }).waitFor();
    assert.strictEqual(await again.locator('#interval').evaluate((el) => (el as unknown as { value: string }).value), '1d');
    await assertEnabled(again.locator('vscode-button', { hasText: t('Reset zoom') }), true, 'the zoom is restored');
    assert.strictEqual(await again.locator('.figures').innerText(), figuresBefore, 'the same figures');
  });
});

async function assertEnabled(button: ReturnType<FrameLocator['locator']>, enabled: boolean, what: string): Promise<void> {
  await button.waitFor();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const disabled = await button.evaluate((el) => el.hasAttribute('disabled'));
    if (disabled !== enabled) return;
    if (Date.now() > deadline) throw new Error(`${what}: the button is ${disabled ? 'disabled' : 'enabled'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
