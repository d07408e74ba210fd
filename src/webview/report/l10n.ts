// The report page's translator. Every string a person reads on the page is written as `l10n.t('literal')` (or
// `l10n.t('… {0} …', arg)`), so one place decides where translations come from. Today it returns the English
// message with its `{n}` placeholders filled; the l10n work (issue #12) feeds it the bundle the host passes in.

type Arg = string | number | boolean;

let bundle: Record<string, string> | undefined;

/** Replaces the messages with a bundle (message → translation); messages missing from it stay English. */
/** @public (wired by the page l10n work) */
export function useBundle(messages: Record<string, string> | undefined): void {
  bundle = messages;
}

export const l10n = {
  t(message: string, ...args: Arg[]): string {
    const text = bundle?.[message] ?? message;
    return text.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : whole));
  },
};
