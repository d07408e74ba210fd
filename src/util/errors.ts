// Turns any error into a short, localised message for a person, with no secret in it. Text that came from a
// server (or a setting) goes through notifyText: the result may be shown in a notification, where `[x](command:…)`
// would otherwise become a link that runs a command.
import * as vscode from 'vscode';
import { HoxtonApiError } from '../api/errors';
import { notifyText } from './inert';
import { redact } from './redact';
import { ConfigError } from './serverUrl';

export function userMessage(e: unknown): string {
  if (e instanceof ConfigError) return configMessage(e);
  if (e instanceof HoxtonApiError) {
    switch (e.kind) {
      case 'timeout':
        return vscode.l10n.t('HoxtonAi did not answer in time.');
      case 'network':
        return vscode.l10n.t('Could not reach HoxtonAi. Check your connection and proxy settings.');
      case 'malformed':
        return vscode.l10n.t('HoxtonAi sent an answer that Hoxton Reports could not read ({0}).', e.endpoint);
      case 'auth':
        return vscode.l10n.t('You are not signed in to HoxtonAi.');
      case 'invalid':
        return vscode.l10n.t('Hoxton Reports did not send this request: {0}', redact(e.message));
    }
    switch (e.status) {
      case 401:
        return vscode.l10n.t('Your HoxtonAi session is no longer valid. Sign in again.');
      case 403:
        return vscode.l10n.t('You do not have access to this in HoxtonAi.');
      case 404:
        return vscode.l10n.t('Not found in HoxtonAi: it may have been deleted.');
      case 409:
        return vscode.l10n.t('This report was changed elsewhere.');
      case 422:
      case 400:
        return vscode.l10n.t('HoxtonAi could not accept the request: {0}', serverText(e));
      case 429:
        return e.retryAfterSeconds !== undefined
          ? vscode.l10n.t('HoxtonAi is busy. Try again in {0} seconds.', Math.ceil(e.retryAfterSeconds))
          : vscode.l10n.t('HoxtonAi is busy. Try again shortly.');
    }
    if (e.status !== undefined && e.status >= 500) {
      return vscode.l10n.t('HoxtonAi had a problem ({0}). Try again shortly.', e.status);
    }
    return untrusted(e.message);
  }
  return untrusted(e instanceof Error ? e.message : String(e));
}

/** A refused server setting, named, with what to do. */
export function configMessage(e: ConfigError): string {
  const value = notifyText(e.value, { empty: '' });
  switch (e.problem) {
    case 'insecure':
      return vscode.l10n.t(
        'The setting {0} ({1}) is not used: http:// is allowed only for 127.0.0.1, localhost and [::1]. Use https://.',
        e.setting,
        value,
      );
    case 'credentials':
      return vscode.l10n.t('The setting {0} is not used: it must not contain a user name or password.', e.setting);
    case 'query':
      return vscode.l10n.t('The setting {0} ({1}) is not used: it must not contain ? or #.', e.setting, value);
    case 'scheme':
    case 'invalid':
      return vscode.l10n.t('The setting {0} ({1}) is not used: it must be an https:// address.', e.setting, value);
  }
}

function serverText(e: HoxtonApiError): string {
  const i = e.message.indexOf(': ');
  return untrusted(i >= 0 ? e.message.slice(i + 2) : e.message);
}

/** Text that may carry a server's words: no secrets, no links, one line, bidi isolated. */
function untrusted(text: string): string {
  return notifyText(redact(text), { empty: '', max: 500 });
}
