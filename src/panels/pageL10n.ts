// What the report page needs to speak VS Code's display language: the language for `<html lang>` (the page formats
// numbers and dates with Intl in it) and the translations of the page's own messages, taken from the bundle VS Code
// loaded for this extension (`vscode.l10n.bundle`; undefined for English). Only the page's messages go into its HTML:
// src/panels/pageMessages.json, made by `npm run l10n` from the page's sources (scripts/l10n.js).
import * as vscode from 'vscode';
import PAGE_MESSAGES from './pageMessages.json';

export interface PageL10n {
  lang: string;
  /** message → translation, for the page's messages found in the bundle; undefined when there is no bundle. */
  messages?: Record<string, string>;
}

/** The page's share of `bundle`. */
function pageMessages(bundle: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!bundle) return undefined;
  const out: Record<string, string> = {};
  for (const m of PAGE_MESSAGES) {
    const t = bundle[m];
    if (typeof t === 'string') out[m] = t;
  }
  return out;
}

/** For a panel's HTML now: the display language and the page's messages in it. */
export function pageL10n(): PageL10n {
  return { lang: vscode.env.language, messages: pageMessages(vscode.l10n.bundle) };
}
