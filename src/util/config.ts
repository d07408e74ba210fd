// Typed access to the `hoxton.*` settings. Nothing secret is ever written to settings.
import * as vscode from 'vscode';
import { autoRefreshMinutes } from './settingsGuards';

export type SignInMethod = 'browser' | 'password' | 'clientCredentials';

export interface HoxtonConfig {
  apiUrl: string;
  authDomain: string;
  audience: string;
  clientId: string;
  loopbackPort: number;
  defaultMethod: SignInMethod | 'ask';
  timeoutMs: number;
  pageSize: number;
  autoRefreshMinutes: number;
  controlRoomUrl: string;
}

export function readConfig(): HoxtonConfig {
  const c = vscode.workspace.getConfiguration('hoxton');
  return {
    apiUrl: trimSlash(c.get<string>('apiUrl') || 'https://api.hoxton.cloud'),
    authDomain: trimSlash(c.get<string>('auth.domain') || 'https://auth.hoxton.ai'),
    audience: c.get<string>('auth.audience') || 'https://api.hoxton.cloud',
    clientId: (c.get<string>('auth.clientId') || '').trim(),
    loopbackPort: c.get<number>('auth.loopbackPort') ?? 47321,
    defaultMethod: c.get<SignInMethod | 'ask'>('auth.defaultMethod') ?? 'ask',
    timeoutMs: Math.max(1, c.get<number>('http.timeoutSeconds') ?? 30) * 1000,
    pageSize: clamp(c.get<number>('tree.pageSize') ?? 100, 1, 500),
    autoRefreshMinutes: autoRefreshMinutes(c.get<unknown>('tree.autoRefreshMinutes')),
    controlRoomUrl: trimSlash(c.get<string>('controlRoomUrl') || 'https://app.hoxton.ai'),
  };
}

function trimSlash(s: string): string {
  return s.trim().replace(/\/+$/, '');
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}
