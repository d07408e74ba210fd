// HTML of the sandbox's sign-in and error pages. Every interpolated value is HTML-escaped.
import { escapeHtml } from './http';

export const LOGIN_TITLE = 'Sign in to HoxtonAi (sandbox)';
export const WRONG_CREDENTIALS = 'Wrong email or password.';

/** The /authorize parameters carried through the form as hidden fields. */
export const AUTHORIZE_FIELDS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'audience',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'prompt',
] as const;

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f3f4f6; color: #111827; margin: 0; }
  main { max-width: 380px; margin: 10vh auto; background: #fff; padding: 32px; border-radius: 10px; box-shadow: 0 4px 18px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p.sub { color: #6b7280; margin: 0 0 20px; font-size: 14px; }
  label { display: block; font-size: 13px; margin: 12px 0 4px; }
  input[type=email], input[type=password], input[type=text] { width: 100%; box-sizing: border-box; padding: 9px 10px; border: 1px solid #d1d5db; border-radius: 6px; font-size: 15px; }
  button { margin-top: 20px; width: 100%; padding: 10px; background: #4f46e5; color: #fff; border: 0; border-radius: 6px; font-size: 15px; cursor: pointer; }
  .error { background: #fef2f2; color: #b91c1c; border: 1px solid #fecaca; padding: 8px 10px; border-radius: 6px; font-size: 14px; }
  .hint { color: #6b7280; font-size: 12px; margin-top: 16px; }
  code { background: #f3f4f6; padding: 1px 4px; border-radius: 4px; }`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function renderLogin(params: Record<string, string>, opts: { clientName: string; error?: string; username?: string }): string {
  const hidden = AUTHORIZE_FIELDS.filter((k) => params[k] !== undefined)
    .map((k) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(params[k])}">`)
    .join('\n');
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : '';
  return page(
    LOGIN_TITLE,
    `<h1>${escapeHtml(LOGIN_TITLE)}</h1>
<p class="sub">to continue to ${escapeHtml(opts.clientName)}</p>
${error}
<form method="post" action="/authorize">
${hidden}
<label for="username">Email</label>
<input id="username" type="email" name="username" autocomplete="username" value="${escapeHtml(opts.username ?? '')}" required autofocus>
<label for="password">Password</label>
<input id="password" type="password" name="password" autocomplete="current-password" required>
<button type="submit">Continue</button>
</form>
<p class="hint">Sandbox accounts: <code>demo@hoxton.test</code> / <code>demo</code>, <code>member@hoxton.test</code> / <code>member</code>, <code>ops@borough.test</code> / <code>borough</code>.</p>`,
  );
}

export function renderError(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
