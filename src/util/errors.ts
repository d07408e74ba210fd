// Turns any error into a short, localised message for a person, with no secret in it.
import * as vscode from 'vscode';
import { HoxtonApiError } from '../api/errors';
import { redact } from './redact';
import { errorText } from '../shared/errorText';

export function userMessage(e: unknown): string {
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
    return redact(e.message);
  }
  return redact(errorText(e));
}

function serverText(e: HoxtonApiError): string {
  const i = e.message.indexOf(': ');
  return redact(i >= 0 ? e.message.slice(i + 2) : e.message);
}
