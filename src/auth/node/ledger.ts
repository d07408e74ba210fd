// Renewals coordinated through the extension host's file system, which all windows of one machine share live.
// Browser-hosted VS Code (code-server) keeps a copy of SecretStorage per window and tells the others nothing, so a
// window there may hold a refresh token another window has already rotated; presenting it would trip the server's
// reuse detection and end the session everywhere. This ledger holds no secret: per account, a lock file (who
// renews now) and the SHA-256 of refresh tokens already spent. A window checks it before presenting a refresh token.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

const POLL_MS = 100;
const KEEP_SPENT = 200;

export interface RenewalLedger {
  /** Waits for the account's lock (a lock older than `holdMs` is broken) and returns its release. */
  lock(accountId: string, holdMs: number): Promise<() => Promise<void>>;
  /** Whether this refresh token was already exchanged by some window. */
  isSpent(accountId: string, refreshToken: string): Promise<boolean>;
  /** Records a refresh token as exchanged (call while holding the lock). */
  markSpent(accountId: string, refreshToken: string): Promise<void>;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export class FileRenewalLedger implements RenewalLedger {
  constructor(private readonly dir: string) {}

  private file(accountId: string, ext: string): string {
    return path.join(this.dir, `${sha(accountId).slice(0, 32)}.${ext}`);
  }

  async lock(accountId: string, holdMs: number): Promise<() => Promise<void>> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.file(accountId, 'lock');
    const deadline = Date.now() + holdMs;
    for (;;) {
      try {
        const handle = await fs.open(file, 'wx');
        await handle.writeFile(JSON.stringify({ until: Date.now() + holdMs }));
        await handle.close();
        return async () => {
          await fs.rm(file, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const until = await fs
        .readFile(file, 'utf8')
        .then((t) => Number((JSON.parse(t) as { until?: unknown }).until))
        .catch(() => NaN);
      // A lock whose holder went away (or unreadable for longer than a hold): broken.
      if ((Number.isFinite(until) && until < Date.now()) || Date.now() > deadline) await fs.rm(file, { force: true });
      else await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async isSpent(accountId: string, refreshToken: string): Promise<boolean> {
    return (await this.spent(accountId)).includes(sha(refreshToken));
  }

  async markSpent(accountId: string, refreshToken: string): Promise<void> {
    const list = [...(await this.spent(accountId)), sha(refreshToken)].slice(-KEEP_SPENT);
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.file(accountId, 'spent.json');
    await fs.writeFile(`${file}.tmp`, JSON.stringify(list));
    await fs.rename(`${file}.tmp`, file);
  }

  private async spent(accountId: string): Promise<string[]> {
    try {
      const list = JSON.parse(await fs.readFile(this.file(accountId, 'spent.json'), 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }
}
