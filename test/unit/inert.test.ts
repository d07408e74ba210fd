// Untrusted text through every sink helper: nothing becomes a link, an icon, an element or a new line, and the
// text still reads as it was. The renderers are modelled on what VS Code 1.100 parses (see src/util/inert.ts).
import * as assert from 'assert';
import {
  UNNAMED,
  balanceBidi,
  displayName,
  isolate,
  jsonText,
  logText,
  mdCode,
  mdText,
  notifyText,
  pickText,
  promptText,
  statusText,
  truncate,
} from '../../src/util/inert';
import { HOSTILE } from '../fixtures/hostileStrings';

const EMPTY = ['', '   ', '\u200b\u202e', '\n\r\t', null, undefined, {}];

// ---------------------------------------------------------------------------------------------- models of the renderers

/** A notification's `[label](target)` links (VS Code: base/common/linkedText.ts). */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+/i;

/** Renders label icons as VS Code does: `$(name)` → ICON, `\$(name)` → the text `$(name)`. */
function renderIcons(text: string): string {
  return text.replace(/(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g, (_m, escaped: string | undefined, name: string) =>
    escaped ? `$(${name})` : '\u0000ICON\u0000',
  );
}

/** Invisible characters: those the helpers add (word joiner, isolates) and those they may remove (bidi formatting). */
const stripInvisible = (s: string) => s.replace(/[\u2060\u202a-\u202e\u2066-\u2069]/g, '');

/** What a person should still read: one line, controls and bidi formatting gone, white space collapsed, trimmed. */
function readable(s: string): string {
  return s
    .replace(/\r\n|[\r\n\v\f\u0085\u2028\u2029\t]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The shown text equals the readable input (or, when cut, starts with it and ends with "…"). */
function assertRecognisable(shown: string, input: string, max: number): void {
  const want = stripInvisible(readable(input));
  const got = stripInvisible(shown);
  if (Array.from(want).length <= max) {
    assert.strictEqual(got, want);
  } else {
    assert.ok(got.endsWith('…'), `not marked as cut: ${got}`);
    assert.ok(want.startsWith(got.slice(0, -1)), `${JSON.stringify(got)} is not a start of ${JSON.stringify(want)}`);
    assert.strictEqual(Array.from(got).length, max);
  }
}

function decodeReferences(md: string): string {
  return md.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
}

function assertOneLineNoControls(s: string): void {
  assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s), `control or line break in ${JSON.stringify(s)}`);
}

/** Bidi formatting is balanced: every opener closed inside, no closer without its opener. */
function assertBalancedBidi(s: string): void {
  const open: string[] = [];
  for (const c of s) {
    if ('\u202a\u202b\u202d\u202e'.includes(c)) open.push('e');
    else if ('\u2066\u2067\u2068'.includes(c)) open.push('i');
    else if (c === '\u202c') assert.strictEqual(open.pop(), 'e', `stray PDF in ${JSON.stringify(s)}`);
    else if (c === '\u2069') {
      assert.ok(open.includes('i'), `stray PDI in ${JSON.stringify(s)}`);
      while (open.pop() !== 'i');
    }
  }
  assert.deepStrictEqual(open, [], `unclosed bidi formatting in ${JSON.stringify(s)}`);
}

const label = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

// ---------------------------------------------------------------------------------------------- tests

describe('inert text', () => {
  it(`has a table of at least 20 hostile strings (${HOSTILE.length})`, () => {
    assert.ok(HOSTILE.length >= 20);
  });

  describe('notifyText (notifications and modal dialogs)', () => {
    for (const s of HOSTILE) {
      it(`${label(s)}: no link, one line, isolated, readable`, () => {
        const out = notifyText(s);
        assert.ok(!NOTIFICATION_LINK.test(out), `forms a link: ${out}`);
        assertOneLineNoControls(out);
        assert.ok(out.startsWith('\u2068') && out.endsWith('\u2069'), 'not isolated');
        assertBalancedBidi(out);
        assertRecognisable(out, s, 300);
      });
    }
    it('two fragments side by side cannot form a link either', () => {
      const msg = `Sign-in failed: ${notifyText('[Retry')}${notifyText('](command:x)')}`;
      assert.ok(!NOTIFICATION_LINK.test(msg), msg);
    });
  });

  for (const [name, fn, max] of [
    ['statusText (status bar)', statusText, 60],
    ['pickText (quick pick labels, descriptions, details)', pickText, 200],
  ] as const) {
    describe(name, () => {
      for (const s of HOSTILE) {
        it(`${label(s)}: no icon, one line, isolated, readable`, () => {
          const out = fn(s);
          const shown = renderIcons(out);
          assert.ok(!shown.includes('\u0000ICON\u0000'), `renders an icon: ${out}`);
          assertOneLineNoControls(out);
          assertBalancedBidi(out);
          assertRecognisable(shown, s, max);
        });
      }
    });
  }

  describe('promptText (input box prompts and validation messages: icons and links)', () => {
    for (const s of HOSTILE) {
      it(`${label(s)}: no icon, no link`, () => {
        const out = promptText(s);
        const shown = renderIcons(out);
        assert.ok(!shown.includes('\u0000ICON\u0000'), `renders an icon: ${out}`);
        assert.ok(!NOTIFICATION_LINK.test(out), `forms a link: ${out}`);
        assertRecognisable(shown, s, 200);
      });
    }
  });

  describe('mdText (Markdown tooltips)', () => {
    for (const s of HOSTILE) {
      it(`${label(s)}: no Markdown syntax, autolink, HTML or icon; reads back`, () => {
        const out = mdText(s);
        // Only letters, digits, spaces and non-ASCII characters remain as themselves; every ASCII punctuation
        // character is a numeric character reference, which Markdown never reads as syntax.
        const outsideReferences = out.replace(/&#\d+;/g, '');
        assert.ok(!/[!-/:-@[-`{-~]/.test(outsideReferences), `raw punctuation in ${out}`);
        assert.ok(!/https?:\/\/|www\.|@|\$\(/.test(out), `autolink or icon material in ${out}`);
        assertOneLineNoControls(out);
        const shown = decodeReferences(out);
        assertBalancedBidi(shown);
        assertRecognisable(shown, s, 500);
      });
    }
    it('can be put inside bold and list items', () => {
      const line = `**${mdText('**x** [a](command:b)')}**`;
      assert.ok(line.startsWith('**\u2068') && line.endsWith('\u2069**'));
    });
  });

  describe('mdCode (Markdown inline code)', () => {
    for (const s of HOSTILE) {
      it(`${label(s)}: one code span that no backtick or line break ends early`, () => {
        const out = mdCode(s);
        const fence = /^`+/.exec(out)![0];
        assert.ok(out.endsWith(fence) && out.length > 2 * fence.length, out);
        let body = out.slice(fence.length, out.length - fence.length);
        // One space on each side is padding (Markdown strips it); it must be there when the text meets a fence.
        if (body.startsWith(' ') && body.endsWith(' ')) body = body.slice(1, -1);
        else assert.ok(!body.startsWith('`') && !body.endsWith('`'), `a backtick touches the fence: ${out}`);
        for (const run of body.match(/`+/g) ?? []) assert.notStrictEqual(run.length, fence.length, `a run closes the span: ${out}`);
        assertOneLineNoControls(out);
        assert.ok(!/\$\(/.test(body), `icon syntax inside code: ${out}`);
        assertRecognisable(body, s, 200);
      });
    }
  });

  describe('logText (log lines)', () => {
    const unescape = (s: string) =>
      s.replace(/\\(\\|r|n|t|u\{([0-9a-f]+)\})/g, (_m, c: string, hex: string | undefined) =>
        hex ? String.fromCharCode(parseInt(hex, 16)) : c === 'r' ? '\r' : c === 'n' ? '\n' : c === 't' ? '\t' : '\\',
      );
    for (const s of [...HOSTILE, 'C:\\path\\n not a newline']) {
      it(`${label(s)}: one line, no bidi controls, reads back exactly`, () => {
        const out = logText(s);
        assertOneLineNoControls(out);
        assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(out), `bidi control in ${out}`);
        assert.strictEqual(unescape(out), s);
      });
    }
    it('caps the length', () => {
      assert.strictEqual(Array.from(logText('x'.repeat(5000))).length, 1000);
      assert.strictEqual(logText(''), '');
    });
  });

  describe('jsonText (JSON documents)', () => {
    for (const s of HOSTILE) {
      it(`${label(s)}: parses back to the same value, no raw bidi, separator or control`, () => {
        const value = { name: s, nested: [{ name: s }] };
        const out = jsonText(value);
        assert.deepStrictEqual(JSON.parse(out), value);
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f]/.test(out), out);
      });
    }
  });

  describe('empty names', () => {
    for (const v of EMPTY) {
      it(`${JSON.stringify(v) ?? String(v)} shows as "${UNNAMED}" everywhere`, () => {
        for (const fn of [notifyText, statusText, pickText, promptText, displayName]) assert.strictEqual(fn(v), UNNAMED);
        assert.strictEqual(decodeReferences(mdText(v)), UNNAMED);
        assert.strictEqual(decodeReferences(mdCode(v)), UNNAMED);
      });
    }
    it('takes a localised fallback, or none', () => {
      assert.strictEqual(notifyText('', { empty: '(sans nom)' }), '(sans nom)');
      assert.strictEqual(notifyText('  ', { empty: '' }), '');
    });
    it('prints numbers', () => {
      assert.strictEqual(stripInvisible(displayName(42)), '42');
    });
  });

  describe('bidi isolation', () => {
    const cases: [string, string][] = [
      ['plain', 'plain'],
      ['a\u202eb', 'ab'], // unclosed override removed
      ['a\u202eb\u202cc', 'a\u202eb\u202cc'], // paired override kept (confined by the isolate)
      ['a\u202cb\u2069c', 'abc'], // stray closers removed
      ['\u2067x\u2069\u2069', '\u2067x\u2069'], // one PDI too many
      ['\u2066a\u202eb\u2069c', '\u2066ab\u2069c'], // the PDI would close the override: the override goes
      ['\u202ba\u2067b\u202cc\u2069', 'a\u2067bc\u2069'], // a PDF cannot close across an isolate
    ];
    for (const [input, want] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => {
        assert.strictEqual(balanceBidi(input), want);
        assert.strictEqual(isolate(input), `\u2068${want}\u2069`);
        assertBalancedBidi(isolate(input));
      });
    }
  });

  it('truncates by code points, never inside a surrogate pair', () => {
    const s = '🚪'.repeat(10);
    assert.strictEqual(truncate(s, 4), '🚪🚪🚪…');
    assert.strictEqual(truncate(s, 10), s);
    assert.ok(!/[\ud800-\udbff]$/.test(statusText('a'.repeat(58) + '🚪🚪🚪')));
  });
});

describe('inert text: the plain-name shortcut', () => {
  // Plain names skip the clean-up (one regex test instead of six replaces). A trailing space sends the same name the
  // long way, which trims it: every sink must give the same answer both ways.
  const words = ['Main Entrance', 'Café — Nord', 'Door 3', '[x](command:y)', '$(zap) hi', '<b>x</b>', 'a'.repeat(600), '東京駅'];
  const hostile = HOSTILE.filter((s) => s.trim() !== '');
  const sinks = { displayName, notifyText, statusText, pickText, promptText, mdCode, mdText };
  it('gives what the full clean-up gives, for plain names and hostile ones', () => {
    let shortcut = 0;
    for (const s of [...words, ...hostile]) {
      for (const [name, sink] of Object.entries(sinks)) {
        assert.strictEqual(sink(s), sink(`${s} `), `${name}(${JSON.stringify(s)})`);
      }
      if (/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(s) && s.length <= 200) shortcut++;
    }
    assert.ok(shortcut >= 4, 'the list holds names the shortcut takes');
  });

  it('plain monitor names come back as they are', () => {
    for (let i = 0; i < 500; i++) assert.strictEqual(displayName(`Monitor ${i} North`), `Monitor ${i} North`);
  });
});
