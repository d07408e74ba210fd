// "Copy as cURL / fetch / Python": the exact request the extension sends for a report's data (URL, query and
// headers from src/api, the only code that knows them), written as code with the access token read from the
// environment variable HOXTON_TOKEN, never the token itself. Pure: no `vscode`.
import { describeDataRequest, type RequestDescription } from '../api/client';
import { isSavedAsIs, type ReportTarget } from '../reports/target';
import { resolveRange } from '../shared/range';

export type CodeLanguage = 'curl' | 'fetch' | 'python';

/** The environment variable the copied code reads the access token from. */
const TOKEN_VARIABLE = 'HOXTON_TOKEN';

/** The request the report service makes for this target now (the same choice of endpoint and range). */
export function requestFor(target: ReportTarget, baseUrl: string, now = Date.now()): Promise<RequestDescription> {
  if (target.report && isSavedAsIs(target)) return describeDataRequest(baseUrl, { reportId: target.report.id });
  const { start, end } = resolveRange(target.range, target.site.timezone, now);
  return describeDataRequest(baseUrl, {
    monitorId: target.monitor.id,
    params: { start, end, interval: target.interval, timezone: target.site.timezone, directions: target.directions },
  });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A string literal valid in TypeScript, JavaScript and Python (JSON's escapes are a subset of both). */
const literal = (s: string) =>
  JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
/** A one-line comment: no line breaks from a report or monitor name. */
const comment = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

export function asCode(request: RequestDescription, language: CodeLanguage, title: string): string {
  const headers = Object.entries(request.headers);
  switch (language) {
    case 'curl':
      return [
        `# HoxtonAi report data: ${comment(title)}. Set ${TOKEN_VARIABLE} to an access token first.`,
        `curl --fail-with-body --silent --show-error \\`,
        ...headers.map(([k, v]) => `  -H ${shellQuote(`${k}: ${v}`)} \\`),
        `  -H "Authorization: Bearer $${TOKEN_VARIABLE}" \\`,
        `  ${shellQuote(request.url)}`,
        '',
      ].join('\n');
    case 'fetch':
      return [
        `// HoxtonAi report data: ${comment(title)}. Set ${TOKEN_VARIABLE} to an access token first.`,
        `const response = await fetch(${literal(request.url)}, {`,
        `  method: ${literal(request.method)},`,
        '  headers: {',
        ...headers.map(([k, v]) => `    ${literal(k)}: ${literal(v)},`),
        `    Authorization: \`Bearer \${process.env.${TOKEN_VARIABLE}}\`,`,
        '  },',
        '});',
        'if (!response.ok) throw new Error(`HoxtonAi answered ${response.status}: ${await response.text()}`);',
        'const data = await response.json();',
        '',
      ].join('\n');
    case 'python':
      return [
        `# HoxtonAi report data: ${comment(title)}. Set ${TOKEN_VARIABLE} to an access token first.`,
        'import os',
        '',
        'import requests',
        '',
        `response = requests.request(`,
        `    ${literal(request.method)},`,
        `    ${literal(request.url)},`,
        '    headers={',
        ...headers.map(([k, v]) => `        ${literal(k)}: ${literal(v)},`),
        `        "Authorization": f"Bearer {os.environ['${TOKEN_VARIABLE}']}",`,
        '    },',
        '    timeout=30,',
        ')',
        'response.raise_for_status()',
        'data = response.json()',
        '',
      ].join('\n');
  }
}
