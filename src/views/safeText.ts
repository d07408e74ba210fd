// Server strings (names, addresses, ids) made safe to show in the tree: no control characters, bidirectional
// text isolated so it cannot reorder what is around it, and Markdown code spans that nothing inside can break
// out of (no links, no autolinks, no HTML, no stray backslashes). Pure: no `vscode` import, unit-tested.

/** Explicit bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Right-to-left letters, the bidi marks, and the controls above: text whose direction can affect its neighbours. */
const NEEDS_ISOLATION = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u061C\u202A-\u202E\u2066-\u2069]|\uD802[\uDC00-\uDFFF]|\uD83A/;
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

export const FSI = '\u2068';
export const PDI = '\u2069';

/**
 * One line of server text: control characters and line breaks become a space; bidi controls are removed and
 * text with right-to-left content is wrapped in FSI…PDI so it is laid out on its own.
 */
export function plainText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const line = value.replace(CONTROL, ' ');
  if (!NEEDS_ISOLATION.test(line)) return line;
  return FSI + line.replace(BIDI_CONTROLS, '') + PDI;
}

/** A name as a label: `plainText`, or `unnamed` when nothing visible is left. */
export function displayName(value: unknown, unnamed: string): string {
  const text = plainText(value);
  return text.replace(/[\s\u2068\u2069]/g, '') ? text : unnamed;
}

/**
 * A Markdown inline code span holding `value` as literal text: the fence is longer than any run of backticks
 * inside, so nothing can close it early; inside a code span Markdown, HTML and autolinks are not parsed.
 */
export function codeSpan(value: string): string {
  const text = plainText(value);
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(text) ? ' ' : '';
  return text ? `${fence}${pad}${text}${pad}${fence}` : '';
}
