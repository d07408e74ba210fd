// Small guards on untrusted input and output (issue #11): log redaction, CSV fields, settings guards, the tree's
// safe text, and whether report data covers what was asked for.
import * as assert from 'assert';
import { csvField } from '../../src/shared/csv';
import { coverageDiffers } from '../../src/shared/coverage';
import { MAX_SECRETS, Redactor } from '../../src/util/redact';
import { autoRefreshMinutes, httpsUrl } from '../../src/util/settingsGuards';
import { codeSpan, displayName, FSI, PDI, plainText } from '../../src/views/safeText';

const leaks = (out: string, secrets: string[]) => {
  for (const s of secrets) assert.ok(!out.includes(s), `${s} leaked: ${out}`);
};

describe('redact: more secret shapes', () => {
  it('masks Authorization: Basic and other schemes, and a bare Basic credential', () => {
    const r = new Redactor();
    const basic = Buffer.from('client:s3cret-value').toString('base64');
    const out = r.redact(`Authorization: Basic ${basic} | {"authorization": "Digest abc123def"} | sent Basic ${basic}`);
    leaks(out, [basic, 'abc123def']);
    assert.match(out, /Authorization: Basic \[redacted\]/);
    assert.strictEqual(r.redact('Basic settings are fine'), 'Basic settings are fine');
  });

  it('masks camelCase keys', () => {
    const out = new Redactor().redact(
      '{"refreshToken":"rt-1","accessToken": "at-2","clientSecret":"cs-3","idToken":"it-4","codeVerifier":"cv-5"} apiKey=k-6',
    );
    leaks(out, ['rt-1', 'at-2', 'cs-3', 'it-4', 'cv-5', 'k-6']);
    assert.match(out, /"refreshToken":"\[redacted\]"/);
  });

  it('masks percent-encoded code= and refresh_token= inside URLs, and keeps what follows', () => {
    const out = new Redactor().redact(
      'GET /cb?next=https%3A%2F%2Fx.test%2Fcb%3Fcode%3DAbC123%26state%3Dst8 and refresh_token%3Drt%2Bvalue%26x%3D1',
    );
    leaks(out, ['AbC123', 'rt%2Bvalue']);
    assert.match(out, /code%3D\[redacted\]%26state%3Dst8/);
    assert.match(out, /refresh_token%3D\[redacted\]%26x%3D1/);
  });

  it('masks short secrets where they stand alone, long ones anywhere', () => {
    const r = new Redactor();
    r.add('demo');
    r.add('pw');
    r.add('long-secret-value');
    assert.strictEqual(r.redact('password demo for demo@hoxton.test'), 'password [redacted] for [redacted]@hoxton.test');
    assert.strictEqual(r.redact('democracy pwd pw.'), 'democracy pwd [redacted].');
    assert.strictEqual(r.redact('xlong-secret-valuex'), 'x[redacted]x');
  });

  it('keeps a bounded set of the most recent secrets', () => {
    const r = new Redactor();
    for (let i = 0; i < MAX_SECRETS * 3; i++) r.add(`secret-number-${i}`);
    assert.strictEqual(r.size, MAX_SECRETS);
    const last = `secret-number-${MAX_SECRETS * 3 - 1}`;
    assert.strictEqual(r.redact(last), '[redacted]');
    r.add('secret-number-0');
    assert.strictEqual(r.size, MAX_SECRETS);
    assert.strictEqual(r.redact('secret-number-0'), '[redacted]', 'a re-added secret is remembered again');
    r.forget('secret-number-0');
    assert.strictEqual(r.redact('secret-number-0'), 'secret-number-0');
  });

  it('secrets with regular expression characters are masked literally', () => {
    const r = new Redactor();
    r.add('a+b(c)*[d]$');
    assert.strictEqual(r.redact('x a+b(c)*[d]$ y'), 'x [redacted] y');
  });
});

describe('csv: separators and formulas', () => {
  it('quotes semicolons (European separator)', () => {
    assert.strictEqual(csvField('in;out'), '"in;out"');
  });

  it('guards full-width formula characters and leading tab or CR', () => {
    for (const c of ['\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) assert.strictEqual(csvField(`${c}SUM(A1)`), `'${c}SUM(A1)`, c);
    assert.strictEqual(csvField('\tcmd'), "'\tcmd");
    assert.strictEqual(csvField('\rcmd'), `"'\rcmd"`);
    assert.strictEqual(csvField('  =1+2'), "'  =1+2");
    assert.strictEqual(csvField('a\uFF1Db'), 'a\uFF1Db');
  });
});

describe('settings guards', () => {
  it('autoRefreshMinutes: 0 is off, otherwise at least 1', () => {
    assert.strictEqual(autoRefreshMinutes(0), 0);
    assert.strictEqual(autoRefreshMinutes(-5), 0);
    assert.strictEqual(autoRefreshMinutes(Number.NaN), 0);
    assert.strictEqual(autoRefreshMinutes('5'), 0);
    assert.strictEqual(autoRefreshMinutes(undefined), 0);
    assert.strictEqual(autoRefreshMinutes(0.01), 1);
    assert.strictEqual(autoRefreshMinutes(1), 1);
    assert.strictEqual(autoRefreshMinutes(15), 15);
  });

  it('controlRoomUrl: only https: addresses', () => {
    assert.strictEqual(httpsUrl('https://app.hoxton.ai/'), 'https://app.hoxton.ai');
    for (const bad of [
      'http://app.hoxton.ai',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'command:hoxton.signOut',
      'https://user:pw@x.test',
      'app.hoxton.ai',
      '',
      42,
    ])
      assert.strictEqual(httpsUrl(bad), undefined, String(bad));
  });
});

describe('tree text from servers', () => {
  it('one line, no controls', () => {
    assert.strictEqual(plainText('a\nb\r\nc\td\u0000e'), 'a b c d e');
    assert.strictEqual(plainText(42), '');
    assert.strictEqual(plainText(null), '');
  });

  it('isolates right-to-left text and removes bidi overrides', () => {
    assert.strictEqual(plainText('abc\u202Eevil\u202C'), `${FSI}abcevil${PDI}`);
    assert.strictEqual(plainText('\u2067x\u2069'), `${FSI}x${PDI}`);
    assert.strictEqual(plainText('שלום'), `${FSI}שלום${PDI}`);
    assert.strictEqual(plainText('Lobby'), 'Lobby', 'plain names are left alone');
  });

  it('"(unnamed)" when nothing visible is left', () => {
    for (const v of ['', '   ', '\n', '\u202E', null, 7]) assert.strictEqual(displayName(v, '(unnamed)'), '(unnamed)', JSON.stringify(v));
    assert.strictEqual(displayName('Lobby', '(unnamed)'), 'Lobby');
  });

  it('code spans that backticks and newlines cannot break', () => {
    assert.strictEqual(codeSpan('site_1'), '`site_1`');
    assert.strictEqual(codeSpan('a`b'), '``a`b``');
    assert.strictEqual(codeSpan('``x``'), '``` ``x`` ```');
    assert.strictEqual(codeSpan('x\n\n[y](command:z)'), '`x [y](command:z)`');
    assert.strictEqual(codeSpan(''), '');
  });
});

describe('coverage of report data', () => {
  const asked = { start: '2026-11-02T00:00:00+00:00', end: '2026-11-03T00:00:00+00:00', interval: '1h' as const };
  it('the same range, rounded to whole buckets, does not differ', () => {
    assert.strictEqual(coverageDiffers(asked, asked), false);
    assert.strictEqual(coverageDiffers({ ...asked, start: '2026-11-02T00:20:00Z' }, asked), false, 'start rounded down');
    assert.strictEqual(coverageDiffers({ ...asked, end: '2026-11-02T23:40:00Z' }, asked), false, 'end rounded up');
  });
  it('another interval, a later start, an earlier end or a wider range differ', () => {
    assert.strictEqual(coverageDiffers(asked, { ...asked, interval: '1d' }), true);
    assert.strictEqual(coverageDiffers(asked, { ...asked, start: '2026-11-02T12:00:00Z' }), true);
    assert.strictEqual(coverageDiffers(asked, { ...asked, end: '2026-11-02T12:00:00Z' }), true);
    assert.strictEqual(coverageDiffers(asked, { ...asked, start: '2026-11-01T00:00:00Z' }), true);
  });
});
