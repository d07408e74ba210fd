// The text of anything thrown, for logs and for wrapping into another error. Not for people: src/util/errors.ts
// turns errors into localised messages.
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
