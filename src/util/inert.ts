// Untrusted text (names, server messages, OAuth error descriptions, anything from a redirect, a link or a file) made
// inert for each place VS Code shows text: one helper per sink. The one module for this: the tree's labels and
// tooltips use it too. Pure (no vscode import) so that it is unit-tested in Node.
//
// Every helper first makes the text one line: line breaks and tabs become spaces, other control characters go,
// explicit bidi formatting (embeddings, overrides, isolates) is removed, runs of spaces collapse, the ends are
// trimmed and the text is cut. Then it is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE so it cannot
// reorder what is around it: always where it goes into a sentence (notifications, status bar, quick picks, prompts,
// Markdown text), and where it stands alone (tree labels and descriptions, code spans) only when it holds
// right-to-left text or had bidi formatting, so that plain names stay exactly as they are.
//
// What each sink renders, read from VS Code 1.100's sources:
// - notifications (showInformation/Warning/ErrorMessage): plain text plus `[label](target)` links whose target
//   starts with http://, https://, command: or file: (base/common/linkedText.ts). No bare autolinks, no icons.
//   Modal dialogs set the text as innerText.
// - status bar text, quick pick label/description/detail: plain text plus `$(name)` / `$(name~modifier)` icons;
//   a backslash before `$(` shows the syntax as text (base/common/iconLabels.ts, escapeIcons).
// - input box prompts and validation messages: both icons and `[label](target)` links.
// - Markdown (tooltips): marked with GFM, so bare `https://…`, `www.…` and e-mail addresses become links, `<…>`
//   is an autolink or HTML; `MarkdownString.appendText` escapes punctuation with backslashes but does not stop
//   autolinks (and shows stray backslashes inside them). With supportThemeIcons, `$(name)` in the rendered HTML
//   becomes an icon.

/** What an empty name shows as (English; pass a localised one through `InertOptions.empty`). */
export const UNNAMED = '(unnamed)';

export interface InertOptions {
  /** Longest text kept, in characters (code points); longer text is cut and ends with "…". */
  max?: number;
  /** What an empty (or only invisible) text shows as. Default `UNNAMED`. */
  empty?: string;
}

const ELLIPSIS = '…';
const FSI = '\u2068'; // FIRST STRONG ISOLATE
const PDI = '\u2069'; // POP DIRECTIONAL ISOLATE
const PDF = '\u202c'; // POP DIRECTIONAL FORMATTING
const EMBEDDINGS = new Set(['\u202a', '\u202b', '\u202d', '\u202e']); // LRE RLE LRO RLO
const ISOLATES = new Set(['\u2066', '\u2067', FSI]); // LRI RLI FSI

/** Line breaks of every kind: CR, LF, VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;
/** C0 and C1 controls (tab included) other than the line breaks above. */
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

// ---------------------------------------------------------------------------------------------- common steps

/** Any value as text: strings as they are, numbers and booleans printed, anything else empty. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

/** Cuts to `max` code points (never inside a surrogate pair), ending with "…" when something was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/**
 * Keeps only bidirectional formatting that opens and closes inside the text: an unmatched PDF or PDI is removed
 * (it would close something outside the text) and so is an opener that is never closed (it would reorder what
 * follows the text). Marks (LRM, RLM, ALM) are left: they only affect neighbouring neutral characters.
 */
export function balanceBidi(text: string): string {
  const chars = Array.from(text);
  const keep = new Array<boolean>(chars.length).fill(true);
  // Stack of open initiators: index and whether it is an isolate. A PDI closes the nearest isolate and every
  // embedding opened after it; a PDF closes the nearest embedding, but not across an open isolate.
  const open: { at: number; isolate: boolean }[] = [];
  chars.forEach((c, i) => {
    if (EMBEDDINGS.has(c)) open.push({ at: i, isolate: false });
    else if (ISOLATES.has(c)) open.push({ at: i, isolate: true });
    else if (c === PDF) {
      const top = open[open.length - 1];
      if (top && !top.isolate) open.pop();
      else keep[i] = false;
    } else if (c === PDI) {
      const k = open.map((o) => o.isolate).lastIndexOf(true);
      if (k < 0) keep[i] = false;
      else for (const o of open.splice(k)) if (!o.isolate) keep[o.at] = false; // embeddings it would close
    }
  });
  for (const o of open) keep[o.at] = false;
  return chars.filter((_, i) => keep[i]).join('');
}

/** Wraps text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE after balancing its own bidi formatting. */
export function isolate(text: string): string {
  return FSI + balanceBidi(text) + PDI;
}

/** Explicit bidi formatting: embeddings, overrides, PDF, isolates, PDI. */
const BIDI_FORMATTING = /[\u202a-\u202e\u2066-\u2069]/g;
/** Text whose direction can affect its neighbours: right-to-left letters, the bidi marks, explicit formatting. */
const NEEDS_ISOLATION = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u061c\u202a-\u202e\u2066-\u2069]|\ud802[\udc00-\udfff]|\ud83a/;

/**
 * A character oneLine keeps as it is: not white space, not a control, not bidi formatting or a zero-width format
 * character, not right-to-left (NEEDS_ISOLATION), not half of a surrogate pair (astral characters take the long way).
 */
const SAFE =
  '[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u0590-\\u08ff\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufb1d-\\ufdff\\ufe70-\\ufeff\\ud800-\\udfff]';
/** Text oneLine leaves unchanged: safe characters, words separated by single spaces, none at either end. */
const PLAIN = new RegExp(`^${SAFE}+(?: ${SAFE}+)*$`);

/**
 * The shared first step of every sink but the log: line breaks become spaces, other controls and explicit bidi
 * formatting go, runs of white space become one space, ends are trimmed, the text is cut to `max`. Empty → `empty`.
 * `rtl` tells whether the text needs isolating where it stands alone.
 */
function oneLine(value: unknown, opts: InertOptions, defaultMax: number): { text: string; empty: boolean; rtl: boolean } {
  const raw = asText(value);
  // Most names: nothing below would change them (one regex test instead of six replaces; a tree page builds 500 rows).
  if (raw.length <= (opts.max ?? defaultMax) && PLAIN.test(raw)) return { text: raw, empty: false, rtl: false };
  const text = raw
    .replace(LINE_BREAKS, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI_FORMATTING, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const cut = truncate(text, opts.max ?? defaultMax);
  if (visible(cut) === '') return { text: opts.empty ?? UNNAMED, empty: true, rtl: false };
  return { text: cut, empty: false, rtl: NEEDS_ISOLATION.test(raw) };
}

/** The text without invisible formatting characters and white space (to tell an empty name). */
function visible(text: string): string {
  return text.replace(/[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]/g, '');
}

// ---------------------------------------------------------------------------------------------- sinks

/** U+2060 WORD JOINER: zero width, no line break, not a letter; separates characters a renderer would pair. */
const WJ = '\u2060';

/**
 * For notification and modal text (showInformationMessage, showWarningMessage, showErrorMessage): `[x](y)` cannot
 * form a link (a word joiner goes between `]` and `(`), one line, controls removed, bidi isolated, at most 300
 * characters by default. Put the result into the message as a `{0}` argument of `vscode.l10n.t`.
 */
export function notifyText(value: unknown, opts: InertOptions = {}): string {
  const { text, empty } = oneLine(value, opts, 300);
  return empty ? text : isolate(breakLinks(text));
}

function breakLinks(text: string): string {
  return text.replace(/\]\(/g, `]${WJ}(`);
}

/** `$(name)` and `$(name~modifier)`: what VS Code's label renderer turns into an icon. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/**
 * Every icon syntax gets a backslash in front, which VS Code's label renderer removes while showing the syntax as
 * text (a backslash already in front is kept as text: `\$(x)` shows as `\$(x)`).
 */
function escapeIcons(text: string): string {
  return text.replace(ICON, (m) => `\\${m}`);
}

/** For status bar item text: no icons, one line, bidi isolated, at most 60 characters by default. */
export function statusText(value: unknown, opts: InertOptions = {}): string {
  const { text, empty } = oneLine(value, opts, 60);
  return empty ? text : isolate(escapeIcons(text));
}

/** For quick pick item labels, descriptions and details: no icons, one line, bidi isolated, ≤ 200 characters. */
export function pickText(value: unknown, opts: InertOptions = {}): string {
  const { text, empty } = oneLine(value, opts, 200);
  return empty ? text : isolate(escapeIcons(text));
}

/**
 * For input box prompts, titles, placeholders and validation messages, which render both icons and `[x](y)`
 * links: neither forms, one line, bidi isolated, ≤ 200 characters.
 */
export function promptText(value: unknown, opts: InertOptions = {}): string {
  const { text, empty } = oneLine(value, opts, 200);
  return empty ? text : isolate(escapeIcons(breakLinks(text)));
}

/**
 * For Markdown (tree item and status bar tooltips, hovers): Markdown source that shows the text literally. Every
 * ASCII punctuation character becomes a numeric character reference (`&#58;` …): Markdown never reads a character
 * reference as syntax, so no emphasis, link, autolink (`https://`, `www.`, e-mail), HTML or icon can form, and
 * the rendered text shows the original characters. One line, bidi isolated, at most 500 characters by default.
 * Use with `MarkdownString.appendMarkdown` (or inside a line of Markdown you build), never `appendText`.
 */
export function mdText(value: unknown, opts: InertOptions = {}): string {
  const { text, empty } = oneLine(value, opts, 500);
  return mdEncode(empty ? text : isolate(text));
}

function mdEncode(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * For an id or any text shown as Markdown inline code (tooltips): a code span whose fence is longer than any
 * backtick run inside (so no backtick closes it early), one line (a blank line would end it), `$(` broken by a word
 * joiner (icons are rendered inside code when supportThemeIcons is on), isolated when it holds right-to-left text,
 * at most 200 characters by default. Inside a code span Markdown, HTML and autolinks are not parsed.
 */
export function mdCode(value: unknown, opts: InertOptions = {}): string {
  const { text, empty, rtl } = oneLine(value, opts, 200);
  if (empty) return mdEncode(text);
  const unicon = text.replace(/\$\(/g, `$${WJ}(`);
  const body = rtl ? isolate(unicon) : unicon;
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space inside each fence only when the text starts or ends with a backtick (Markdown strips one from each side).
  const pad = /^`|`$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * For a JSON document shown in an editor: pretty-printed JSON in which every bidi formatting character, bidi mark,
 * line or paragraph separator and zero-width character is written as a `\uXXXX` escape, so a string cannot
 * reorder or hide the text of its line; it parses to the same value (JSON.stringify already escapes the controls).
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * For log lines: one line whatever the input. Backslash, CR, LF and every other control, line separator or
 * bidi formatting character is written as an escape (`\\`, `\r`, `\n`, `\u{202e}`), so nothing can start a fake
 * log line or reorder the line; at most 1000 characters by default. An empty text stays empty.
 */
export function logText(value: unknown, opts: Pick<InertOptions, 'max'> = {}): string {
  const text = truncate(asText(value), opts.max ?? 1000);
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\r':
        return '\\r';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      default:
        return `\\u{${c.charCodeAt(0).toString(16).padStart(4, '0')}}`;
    }
  });
}

/**
 * A name for a plain-text place that shows it alone (tree item labels and descriptions, panel and tab titles): one
 * line, bidi formatting removed, isolated when it holds right-to-left text, "(unnamed)" if empty (pass
 * `{ empty: '' }` for a field that may be empty), at most 500 characters by default.
 */
export function displayName(value: unknown, opts: InertOptions = {}): string {
  const { text, empty, rtl } = oneLine(value, opts, 500);
  return empty || !rtl ? text : isolate(text);
}
