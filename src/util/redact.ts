// Redaction of anything secret from text that may reach a log, an error message or a webview.
// Pure (no vscode import) so that it is unit-tested directly.

const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/**
 * `key=value`, `key: value`, `"key": "value"` and percent-encoded `key%3Dvalue` (a URL inside a URL) for secret
 * keys, snake_case or camelCase (`refresh_token`, `refreshToken`, `clientSecret`, …). A value ends at a quote,
 * space, `&`, `,`, `;`, `}` or an encoded `&` (`%26`).
 */
const PARAMS =
  /(?:(?<![\w])|(?<=%3[fF]|%26))(access_?token|refresh_?token|id_?token|client_?secret|password|code|code_?verifier|token|assertion|api_?key|secret)(["']?\s*(?:[=:]|%3[dD])\s*["']?)((?:(?!%26)[^\s"'&,;}])+)/gi;
const BEARER = /\b(Bearer\s+)[\w.~+/=-]+/gi;
/** Any scheme's credentials in an Authorization header (`Basic dXNlcjpwYXNz`, `Digest …`). */
const AUTHORIZATION = /\b(Authorization["']?\s*[:=]\s*["']?[A-Za-z][\w-]*\s+)[^\s"',;}]+/gi;
/** `Basic <base64>` outside a header too (8+ base64 characters, so "Basic settings" stays). */
const BASIC = /\b(Basic\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}/g;

/** Secrets remembered at most (the most recent are kept): the set cannot grow without bound over a long session. */
export const MAX_SECRETS = 64;
/** Secrets shorter than this are masked only where they stand alone (not inside a longer word). */
const SHORT = 6;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  /** Remember a secret value (a token, a client secret, a password of any length) so that it is masked wherever it appears. */
  add(value: string | undefined): void {
    if (!value || !value.trim()) return;
    this.secrets.delete(value);
    this.secrets.add(value);
    while (this.secrets.size > MAX_SECRETS) this.secrets.delete(this.secrets.values().next().value as string);
    this.pattern = null;
  }

  forget(value: string | undefined): void {
    if (value && this.secrets.delete(value)) this.pattern = null;
  }

  /** How many secrets are remembered (tests). */
  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = text;
    if (this.secrets.size) out = out.replace((this.pattern ??= this.compile()), '[redacted]');
    return out
      .replace(JWT, '[redacted-jwt]')
      .replace(AUTHORIZATION, '$1[redacted]')
      .replace(BEARER, '$1[redacted]')
      .replace(BASIC, '$1[redacted]')
      .replace(PARAMS, '$1$2[redacted]');
  }

  /** One pattern for all secrets, longest first so that a secret containing another is masked whole. */
  private compile(): RegExp {
    const parts = [...this.secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => (s.length >= SHORT ? escapeRegExp(s) : `(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`));
    return new RegExp(parts.join('|'), 'gu');
  }
}

export const redactor = new Redactor();
export const redact = (text: string): string => redactor.redact(text);
