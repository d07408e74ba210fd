import * as assert from 'assert';
import { makeNonce } from '../../src/panels/nonce';
import { escapeHtml, reportHtml } from '../../src/panels/reportHtml';

const opts = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'abc123+/=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/report.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/report.css',
  codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/node_modules/@vscode/codicons/dist/codicon.css',
  title: 'Front door — Last 7 days',
};

describe('reportHtml', () => {
  it('sets the strict CSP', () => {
    const html = reportHtml(opts);
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(m, 'CSP meta');
    assert.strictEqual(
      m[1],
      'default-src &#39;none&#39;; img-src https://*.vscode-cdn.net data: blob:; style-src https://*.vscode-cdn.net; ' +
        'font-src https://*.vscode-cdn.net; script-src &#39;nonce-abc123+/=&#39;;',
    );
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'CSP before any script');
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'CSP before any stylesheet');
  });

  it('has no inline styles and only the nonce script', () => {
    const html = reportHtml(opts);
    assert.ok(!/\sstyle\s*=/i.test(html), 'style attribute');
    assert.ok(!/<style/i.test(html), '<style>');
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, [`<script nonce="abc123+/=" src="${opts.scriptUri}">`]);
  });

  it('links codicons with the id vscode-elements looks for, and the page CSS', () => {
    const html = reportHtml(opts);
    assert.ok(html.includes(`<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${opts.codiconsUri}">`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${opts.styleUri}">`));
  });

  it('escapes every string', () => {
    const evil = '</title><script>window.__pwned=1</script><img src=x onerror="x()">\'&';
    const html = reportHtml({ ...opts, title: evil, scriptUri: 'x" onload="alert(1)', nonce: '"><script>' });
    assert.ok(!html.includes('<script>window.__pwned'), 'title not escaped');
    assert.ok(!html.includes('<img'), 'img not escaped');
    assert.ok(
      html.includes('&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;x()&quot;&gt;&#39;&amp;'),
    );
    assert.ok(!html.includes('x" onload'), 'attribute not escaped');
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
  });

  it('escapeHtml covers the five characters', () => {
    assert.strictEqual(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('makeNonce', () => {
  it('makes distinct base64 nonces of 24 random bytes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = makeNonce();
      assert.match(n, /^[A-Za-z0-9+/]{32}$/);
      seen.add(n);
    }
    assert.strictEqual(seen.size, 200);
  });
});

describe('reportHtml in another language', () => {
  const base = {
    cspSource: 'https://*.vscode-cdn.net',
    nonce: 'n0nce',
    scriptUri: 'https://x/report.js',
    styleUri: 'https://x/report.css',
    codiconsUri: 'https://x/codicon.css',
    title: 'Front door',
  };

  it('sets <html lang> to the display language (escaped) and English by default', () => {
    assert.match(reportHtml(base), /<html lang="en">/);
    assert.match(reportHtml({ ...base, lang: 'de' }), /<html lang="de">/);
    assert.match(reportHtml({ ...base, lang: 'x"><script>' }), /<html lang="x&quot;&gt;&lt;script&gt;">/);
  });

  it('puts the messages in a JSON script element with the nonce, which nothing in them can end', () => {
    const messages = { Today: 'Heute', 'Reset zoom': '</script><script>window.__pwned=1</script><!--', '&': '<b>' };
    const html = reportHtml({ ...base, lang: 'de', messages });
    const m = /<script type="application\/json" id="hoxton-l10n" nonce="n0nce">([^<]*)<\/script>/.exec(html);
    assert.ok(m, html);
    assert.deepStrictEqual(JSON.parse(m[1]), messages);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 2, 'the JSON element and the page script only');
    assert.ok(!html.includes('window.__pwned=1</script>'));
    assert.ok(html.indexOf('id="hoxton-l10n"') < html.indexOf('src="https://x/report.js"'), 'the messages come before the page script');
  });

  it('writes no messages element for English, and the translated noscript text', () => {
    const html = reportHtml({ ...base, noscript: 'Dieses Panel braucht JavaScript.' });
    assert.ok(!html.includes('hoxton-l10n'));
    assert.ok(html.includes('<noscript>Dieses Panel braucht JavaScript.</noscript>'));
  });
});
