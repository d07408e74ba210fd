// An in-memory vscode.SecretStorage with desktop semantics: one store shared by every "window" (provider instance)
// that holds it, and onDidChange delivered to all of them. Each call takes a few random milliseconds, like the
// round trip to VS Code's main process, so that windows interleave.
export interface SecretChange {
  key: string;
}

export class FakeSecretStorage {
  private readonly values = new Map<string, string>();
  private readonly listeners = new Set<(e: SecretChange) => unknown>();
  /** Every write, for assertions: [key, value or undefined for a delete]. */
  readonly writes: [string, string | undefined][] = [];

  constructor(private readonly maxLatencyMs = 4) {}

  private tick(): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.floor(Math.random() * (this.maxLatencyMs + 1))));
  }

  async get(key: string): Promise<string | undefined> {
    await this.tick();
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await this.tick();
    this.values.set(key, value);
    this.writes.push([key, value]);
    this.fire(key);
  }

  async delete(key: string): Promise<void> {
    await this.tick();
    const had = this.values.delete(key);
    this.writes.push([key, undefined]);
    if (had) this.fire(key);
  }

  onDidChange(listener: (e: SecretChange) => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The raw value, without latency. */
  peek(key: string): string | undefined {
    return this.values.get(key);
  }

  private fire(key: string): void {
    for (const l of [...this.listeners]) setTimeout(() => l({ key }), 0);
  }
}
