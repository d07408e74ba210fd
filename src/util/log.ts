// The "Hoxton" LogOutputChannel. Every line goes through the redactor first: no token, code, secret or
// password ever reaches the log, whatever the caller passed.
import * as vscode from 'vscode';
import type { Logger } from '../api/client';
import { redact } from './redact';

export class Log implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Hoxton') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string): void {
    this.channel.trace(redact(message));
  }
  debug(message: string): void {
    this.channel.debug(redact(message));
  }
  info(message: string): void {
    this.channel.info(redact(message));
  }
  warn(message: string): void {
    this.channel.warn(redact(message));
  }
  error(message: string | Error): void {
    this.channel.error(redact(message instanceof Error ? `${message.name}: ${message.message}` : message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
