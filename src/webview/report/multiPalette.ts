// Colours of the several-monitor page's series (up to 50 monitors, or each of their directions, and the total): the
// theme's chart colours first, then hues spread by the golden angle in HCL (d3-color) at the theme's own average
// lightness and chroma, stepping the lightness up and down, so that no two series share a colour and the extra ones
// sit in the theme as its own do. Solid lines only: dashes mean the comparison period (compare.ts). The chart
// (chart.ts's `palette` option) and the legend's swatches take the same list.
import { hcl } from 'd3-color';

const GOLDEN_ANGLE = 137.508;
const LIGHTNESS_STEPS = [0, -14, 14];

/** `n` distinct colours (hex) for `n` series, starting with the theme's chart colours. */
export function seriesPalette(theme: readonly string[], n: number): string[] {
  const parsed = theme.map((c) => hcl(c)).filter((c) => c.displayable() && !Number.isNaN(c.h));
  const mean = (f: (c: (typeof parsed)[number]) => number, fallback: number): number =>
    parsed.length ? parsed.reduce((s, c) => s + f(c), 0) / parsed.length : fallback;
  const l = mean((c) => c.l, 60);
  const chroma = Math.max(
    35,
    mean((c) => c.c, 55),
  );
  const h0 = parsed[0]?.h ?? 250;
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (c: string): boolean => {
    const key = c.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    out.push(c);
    return true;
  };
  for (const c of theme) {
    if (out.length >= n) return out;
    add(c);
  }
  for (let i = 1; out.length < n; i++) {
    const lightness = Math.min(88, Math.max(28, l + LIGHTNESS_STEPS[i % LIGHTNESS_STEPS.length]));
    const c = hcl((h0 + i * GOLDEN_ANGLE) % 360, chroma, lightness);
    // Out of sRGB: lower the chroma until it fits (formatHex would clamp and may meet another colour).
    while (!c.displayable() && c.c > 5) c.c -= 5;
    add(c.formatHex());
  }
  return out;
}
