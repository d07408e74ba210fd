// The one way an error notification is shown: the caller's text (already inert: userMessage / notifyText), the
// caller's own buttons (Try Again …), then the buttons that help with the cause: "Open Settings" (the Settings
// editor filtered to the setting) when a setting is the cause, "Show Log" (the Hoxton log, where the client wrote
// the failed request) when the network or the server failed.
import * as vscode from 'vscode';
import { HoxtonApiError } from '../api/errors';
import { OAuthError } from '../api/oauth';
import { ConfigError } from './serverUrl';

export interface ErrorNotice {
  /** What went wrong, if it was an exception: decides which helping buttons are offered. */
  cause?: unknown;
  /** A setting known to be the cause (for example `hoxton.controlRoomUrl`), when `cause` does not name it. */
  setting?: string;
  /** The caller's own buttons, shown first; the one chosen is returned. */
  actions?: string[];
}

/** Shows an error notification; runs "Open Settings" and "Show Log" itself, returns any other button chosen. */
export async function showError(text: string, notice: ErrorNotice = {}): Promise<string | undefined> {
  const setting = notice.setting ?? settingOf(notice.cause);
  const openSettings = vscode.l10n.t('Open Settings');
  const showLog = vscode.l10n.t('Show Log');
  const buttons = [...(notice.actions ?? []), ...(setting ? [openSettings] : []), ...(worthTheLog(notice.cause) ? [showLog] : [])];
  const choice = await vscode.window.showErrorMessage(text, ...buttons);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', setting);
    return undefined;
  }
  if (choice === showLog) {
    await vscode.commands.executeCommand('hoxton.showLog');
    return undefined;
  }
  return choice;
}

/** The setting that caused this error, if one did. */
function settingOf(e: unknown): string | undefined {
  if (e instanceof ConfigError) return e.setting;
  if (e instanceof OAuthError && (e.code === 'invalid_client' || e.code === 'unauthorized_client')) return 'hoxton.auth.clientId';
  if (e instanceof HoxtonApiError && e.kind === 'timeout') return 'hoxton.http.timeoutSeconds';
  return undefined;
}

/**
 * Whether the log says more than the notification: the network or the server failed, access was refused, or
 * something unexpected happened. Not for a refused setting, a request the person can fix (400, 422), a report that
 * changed or went away (409, 404), or a request the client would not send.
 */
function worthTheLog(e: unknown): boolean {
  if (e === undefined || e instanceof ConfigError) return false;
  if (e instanceof HoxtonApiError) return e.kind !== 'invalid' && ![400, 404, 409, 422].includes(e.status ?? 0);
  if (e instanceof OAuthError) return e.kind !== 'oauth' || e.code === 'server_error' || e.code === 'temporarily_unavailable';
  return true;
}
