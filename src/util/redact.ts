// Redaction of anything secret from text that may reach a log, an error message or a webview.
// Pure (no vscode import) so that it is unit-tested directly.

const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const PARAMS =
  /\b(access_token|refresh_token|id_token|client_secret|password|code|code_verifier|token|assertion)(["']?\s*[=:]\s*["']?)([^\s"'&,;}]+)/gi;
const BEARER = /\b(Bearer\s+)[\w.~+/=-]+/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret value (a token, a client secret, a password) so that it is masked wherever it appears. */
  add(value: string | undefined): void {
    if (value && value.length >= 6) this.secrets.add(value);
  }

  forget(value: string | undefined): void {
    if (value) this.secrets.delete(value);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return out.replace(JWT, '[redacted-jwt]').replace(BEARER, '$1[redacted]').replace(PARAMS, '$1$2[redacted]');
  }
}

export const redactor = new Redactor();
export const redact = (text: string): string => redactor.redact(text);
