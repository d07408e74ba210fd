// Several windows, one poller: the windows of one machine share the extension's global storage folder (a file
// system, which every window sees at once, unlike SecretStorage in browser-hosted VS Code). The window holding the
// lease polls and writes its readings there; the others read them and make no requests. A lease not renewed for
// 2.5 rounds (its window closed or hung) is taken over by the next window whose round comes.
import * as vscode from 'vscode';
import type { Reading } from './watcher';

interface Lease {
  owner: string;
  until: number;
}

export interface SharedReadings {
  at: number;
  readings: Record<string, Reading>;
}

export class Coordinator {
  readonly windowId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly folder: vscode.Uri) {}

  private get leaseUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'watch-lease.json');
  }

  private get readingsUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'watch-readings.json');
  }

  private async readJson<T>(uri: vscode.Uri): Promise<T | undefined> {
    try {
      return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as T;
    } catch {
      return undefined;
    }
  }

  private async writeJson(uri: vscode.Uri, value: unknown): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(value)));
  }

  /** Whether this window polls this round (takes or renews the lease for `leaseMs`). */
  async lead(leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const lease = await this.readJson<Lease>(this.leaseUri);
    if (lease && lease.owner !== this.windowId && typeof lease.until === 'number' && lease.until > now) return false;
    await this.writeJson(this.leaseUri, { owner: this.windowId, until: now + leaseMs } satisfies Lease);
    // Two windows may have written at once: the last write wins, and the loser sees it here.
    const check = await this.readJson<Lease>(this.leaseUri);
    return check?.owner === this.windowId;
  }

  /** Gives the lease up (sign-out, deactivation), so another window takes over at once. */
  async release(): Promise<void> {
    const lease = await this.readJson<Lease>(this.leaseUri);
    if (lease?.owner === this.windowId) await this.writeJson(this.leaseUri, { owner: '', until: 0 } satisfies Lease);
  }

  publish(readings: Record<string, Reading>): Promise<void> {
    return this.writeJson(this.readingsUri, { at: Date.now(), readings } satisfies SharedReadings);
  }

  async read(): Promise<SharedReadings | undefined> {
    const r = await this.readJson<SharedReadings>(this.readingsUri);
    return r && typeof r.at === 'number' && r.readings && typeof r.readings === 'object' ? r : undefined;
  }
}
