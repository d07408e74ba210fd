// The rule for every setting that names a server: `https:`, or `http:` only on this machine's loopback
// (127.0.0.1, localhost, [::1]: the sandbox). Pure (no vscode import) so that it is unit-tested in Node;
// config.ts applies it when a setting is read.

/** The settings that name a server requests or a browser go to. */
export type UrlSetting = 'hoxton.apiUrl' | 'hoxton.auth.domain' | 'hoxton.controlRoomUrl';

export type ConfigProblem =
  /** Not an absolute URL. */
  | 'invalid'
  /** Neither https: nor http:. */
  | 'scheme'
  /** http: to a host other than 127.0.0.1, localhost or [::1]. */
  | 'insecure'
  /** A user name or password in the address. */
  | 'credentials'
  /** A query or fragment, which would end up in the middle of every request address. */
  | 'query';

/** A refused setting value: nothing is sent to it. `message` is English; `userMessage` localises it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly setting: UrlSetting,
    readonly value: string,
    readonly problem: ConfigProblem,
  ) {
    super(`The setting ${setting} is not used: ${DESCRIPTIONS[problem]} (it is "${value}").`);
  }
}

const DESCRIPTIONS: Record<ConfigProblem, string> = {
  invalid: 'it must be an address such as https://host',
  scheme: 'it must start with https://',
  insecure: 'http:// is allowed only for 127.0.0.1, localhost and [::1]; use https://',
  credentials: 'it must not contain a user name or password',
  query: 'it must not contain ? or #',
};

export type CheckedUrl = { ok: true; url: string } | { ok: false; error: ConfigError };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks a server address from a setting. On success, `url` is the normalised address without a trailing slash
 * (`https://api.hoxton.cloud`, `http://127.0.0.1:8080/base`); this, not the raw text, is what callers use.
 */
export function checkServerUrl(setting: UrlSetting, raw: string): CheckedUrl {
  const value = raw.trim();
  const fail = (problem: ConfigProblem): CheckedUrl => ({ ok: false, error: new ConfigError(setting, value, problem) });
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return fail('invalid');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return fail('scheme');
  if (!u.hostname) return fail('invalid');
  if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname)) return fail('insecure');
  if (u.username || u.password) {
    // The address holds a secret: keep it out of the error, its message and any log line.
    u.username = '';
    u.password = '';
    return { ok: false, error: new ConfigError(setting, u.href, 'credentials') };
  }
  if (u.search || u.hash || value.includes('?') || value.includes('#')) return fail('query');
  return { ok: true, url: u.origin + u.pathname.replace(/\/+$/, '') };
}
