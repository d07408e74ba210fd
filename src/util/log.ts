// The "Hoxton" LogOutputChannel. Every line goes through the redactor first: no token, code, secret or
// password ever reaches the log, whatever the caller passed. Then through logText: a line break or bidi control in
// a server's text (a name, an error message) is written as an escape, so it cannot start a fake log line.
import * as vscode from 'vscode';
import type { Logger } from '../api/client';
import { logText } from './inert';
import { redact } from './redact';

/** Longest line kept (a stack trace is longer than the default of logText). */
const MAX_LINE = 8000;
const line = (message: string) => logText(redact(message), { max: MAX_LINE });

export class Log implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Hoxton') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string): void {
    this.channel.trace(line(message));
  }
  debug(message: string): void {
    this.channel.debug(line(message));
  }
  info(message: string): void {
    this.channel.info(line(message));
  }
  warn(message: string): void {
    this.channel.warn(line(message));
  }
  error(message: string | Error): void {
    this.channel.error(line(message instanceof Error ? `${message.name}: ${message.message}` : message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
