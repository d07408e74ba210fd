// The report page's translator. Every string a person reads on the page is written as `l10n.t('literal')` (or
// `l10n.t('… {0} …', arg)`), so one place decides where translations come from: the messages the host puts in the
// page's HTML (`<script type="application/json" id="hoxton-l10n">`, from `vscode.l10n.bundle` for VS Code's display
// language; none for English). `npm run l10n` exports these messages with the host's (scripts/l10n.js).

type Arg = string | number | boolean;

/** The id of the JSON script element the host writes (src/panels/reportHtml.ts). */
const BUNDLE_ELEMENT = 'hoxton-l10n';

let bundle: Record<string, string> | undefined;

/** Replaces the messages with a bundle (message → translation); messages missing from it stay English. */
function useBundle(messages: Record<string, string> | undefined): void {
  bundle = messages;
}

/** Takes the bundle the host wrote into the page, if any (only string → string entries are kept). */
export function useBundleFromDocument(doc: Document = document): void {
  const text = doc.getElementById(BUNDLE_ELEMENT)?.textContent;
  if (!text) return useBundle(undefined);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return useBundle(undefined);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return useBundle(undefined);
  const messages: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') messages[k] = v;
  useBundle(messages);
}

export const l10n = {
  t(message: string, ...args: Arg[]): string {
    const text = bundle?.[message] ?? message;
    return text.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : whole));
  },
};
