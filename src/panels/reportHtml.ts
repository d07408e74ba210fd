// The report panel's HTML document. Pure (no `vscode` import) so unit and browser tests can build the same page.
// Strict CSP: scripts only with the nonce, styles and fonts only from the webview's resource origin, no inline
// styles (the page sets element styles through CSSOM only, which CSP allows).

export interface ReportHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `asWebviewUri` of dist/webview/report.js, report.css and codicons' codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
  /** Panel title (may come from the server: escaped). */
  title: string;
  /** Test mode: the page wires its test and benchmark hooks (src/webview/report/testing.ts). */
  diagnostics?: boolean;
  /** VS Code's display language (`vscode.env.language`) for `<html lang>`; English when left out. */
  lang?: string;
  /** The page's messages translated (message → translation), read by src/webview/report/l10n.ts. */
  messages?: Record<string, string>;
  /** What shows when scripts do not run (translated by the host). */
  noscript?: string;
  /** About how many buckets the first data will hold: the page warms its chart up only for large ones. */
  expectedBuckets?: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** JSON as the text of a <script type="application/json">: nothing in it can end the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function reportCsp(cspSource: string, nonce: string): string {
  return (
    `default-src 'none'; img-src ${cspSource} data: blob:; style-src ${cspSource}; ` + `font-src ${cspSource}; script-src 'nonce-${nonce}';`
  );
}

export function reportHtml(opts: ReportHtmlOptions): string {
  const e = escapeHtml;
  const nonce = e(opts.nonce);
  return `<!DOCTYPE html>
<html lang="${e(opts.lang || 'en')}"${opts.diagnostics ? ' data-diagnostics="on"' : ''}${
    opts.expectedBuckets !== undefined ? ` data-expected-buckets="${Math.max(0, Math.round(opts.expectedBuckets))}"` : ''
  }>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(reportCsp(opts.cspSource, opts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${e(opts.codiconsUri)}">
<link rel="stylesheet" href="${e(opts.styleUri)}">
<title>${e(opts.title)}</title>
</head>
<body>
<div id="app" class="app" aria-busy="true">
<header class="header"><h1 class="title">${e(opts.title)}</h1></header>
<div class="skeleton" aria-hidden="true"><div class="sk sk-line"></div><div class="sk-cards"><div class="sk sk-card"></div><div class="sk sk-card"></div><div class="sk sk-card"></div></div><div class="sk sk-chart"></div></div>
</div>
<noscript>${e(opts.noscript ?? 'This panel needs JavaScript.')}</noscript>
${opts.messages ? `<script type="application/json" id="hoxton-l10n" nonce="${nonce}">${scriptJson(opts.messages)}</script>\n` : ''}<script nonce="${nonce}" src="${e(opts.scriptUri)}"></script>
</body>
</html>
`;
}
