// Guards for settings values that the manifest's JSON schema cannot fully express. Pure (no vscode import).

/** `hoxton.tree.autoRefreshMinutes`: 0 (or anything not a positive number) is off; otherwise at least 1 minute. */
export function autoRefreshMinutes(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
  return Math.max(1, value);
}

/** `hoxton.controlRoomUrl`: the URL without trailing slashes when it is an `https:` URL, else undefined. */
export function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\/+$/, '');
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname && !url.username && !url.password ? text : undefined;
  } catch {
    return undefined;
  }
}
