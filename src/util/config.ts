// Typed access to the `hoxton.*` settings. Nothing secret is ever written to settings.
//
// Trust boundary: the settings that choose where requests and credentials go (`hoxton.apiUrl`, `hoxton.auth.*`,
// `hoxton.controlRoomUrl`) are declared `"scope": "application"` in package.json, so VS Code ignores them in
// workspace and folder settings. They are read here from the user (global) value or the default only, so that an
// older VS Code or a mis-declared scope cannot let a cloned repository's `.vscode/settings.json` redirect them.
// Server addresses must be https: (http: only on loopback); a refused one throws a `ConfigError` when read.
import * as vscode from 'vscode';
import { checkServerUrl, ConfigError, type UrlSetting } from './serverUrl';
import { autoRefreshMinutes } from './settingsGuards';

export { checkServerUrl, ConfigError, type CheckedUrl, type ConfigProblem, type UrlSetting } from './serverUrl';

export type SignInMethod = 'browser' | 'password' | 'clientCredentials';

export interface HoxtonConfig {
  /** API base URL, checked; reading it throws `ConfigError` when the setting is refused. */
  readonly apiUrl: string;
  /** Authorization server, checked; reading it throws `ConfigError` when the setting is refused. */
  readonly authDomain: string;
  audience: string;
  clientId: string;
  loopbackPort: number;
  defaultMethod: SignInMethod | 'ask';
  timeoutMs: number;
  pageSize: number;
  autoRefreshMinutes: number;
  /** Control Room address, checked; reading it throws `ConfigError` when the setting is refused. */
  readonly controlRoomUrl: string;
}

/** The user-level settings of this extension (see the top of this file). */
export const USER_LEVEL_SETTINGS = [
  'apiUrl',
  'auth.domain',
  'auth.audience',
  'auth.clientId',
  'auth.loopbackPort',
  'auth.defaultMethod',
  'controlRoomUrl',
] as const;

const METHODS: readonly (SignInMethod | 'ask')[] = ['ask', 'browser', 'password', 'clientCredentials'];

export function readConfig(): HoxtonConfig {
  const c = vscode.workspace.getConfiguration('hoxton');
  const user = <T>(key: (typeof USER_LEVEL_SETTINGS)[number]): T | undefined => {
    const i = c.inspect<T>(key);
    return i?.globalValue ?? i?.defaultValue;
  };
  const server = (key: 'apiUrl' | 'auth.domain' | 'controlRoomUrl', fallback: string): (() => string) => {
    const raw = user<string>(key);
    const checked = checkServerUrl(`hoxton.${key}` as UrlSetting, typeof raw === 'string' && raw.trim() ? raw : fallback);
    return () => {
      if (!checked.ok) throw checked.error;
      return checked.url;
    };
  };
  const apiUrl = server('apiUrl', 'https://api.hoxton.cloud');
  const authDomain = server('auth.domain', 'https://auth.hoxton.ai');
  const controlRoomUrl = server('controlRoomUrl', 'https://app.hoxton.ai');
  const method = user<string>('auth.defaultMethod');
  const port = user<number>('auth.loopbackPort');
  return {
    get apiUrl() {
      return apiUrl();
    },
    get authDomain() {
      return authDomain();
    },
    get controlRoomUrl() {
      return controlRoomUrl();
    },
    audience: str(user('auth.audience')) || 'https://api.hoxton.cloud',
    clientId: str(user('auth.clientId')),
    loopbackPort: typeof port === 'number' && Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : 47321,
    defaultMethod: METHODS.includes(method as SignInMethod) ? (method as SignInMethod | 'ask') : 'ask',
    timeoutMs: Math.max(1, c.get<number>('http.timeoutSeconds') ?? 30) * 1000,
    pageSize: clamp(c.get<number>('tree.pageSize') ?? 100, 1, 500),
    autoRefreshMinutes: autoRefreshMinutes(c.get<unknown>('tree.autoRefreshMinutes')),
  };
}

/** Every server setting that is refused right now (for a warning; reading the setting throws the same error). */
export function configProblems(): ConfigError[] {
  const cfg = readConfig();
  const problems: ConfigError[] = [];
  for (const read of [() => cfg.apiUrl, () => cfg.authDomain, () => cfg.controlRoomUrl]) {
    try {
      read();
    } catch (e) {
      if (e instanceof ConfigError) problems.push(e);
      else throw e;
    }
  }
  return problems;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}
