// How busy a monitor is expected to be: the site's opening hours per day of the week (in the site's local time), a
// daily shape that differs per monitor (when its peak comes, how much lunch shows), weekly seasonality (weekends
// differ per monitor: a commuters' entrance is quieter at weekends, a shoppers' one busier), a yearly season (busiest
// before Christmas) and a trend per monitor (growing or shrinking a few percent a year), so that a period compared
// with the same period last year differs plausibly. series.ts adds the noise and builds the buckets.
import type { MonitorRec, SiteRec } from './data';
import { unit } from './hash';
import { DAY, SLOT } from './time';

const SLOTS_PER_DAY = DAY / SLOT;

/** Relative volume per day of the week, Sunday .. Saturday. */
const WEEKLY = [0.72, 0.9, 0.95, 1.0, 1.06, 1.25, 1.4];

/** The day the trend is 1 (2026-01-01), in days since 1970-01-01. */
const TREND_EPOCH_DAY = Date.UTC(2026, 0, 1) / DAY;

/** Day of the week (0 = Sunday) of a local day number (days since 1970-01-01, a Thursday). */
export function dayOfWeek(dayNo: number): number {
  return (((dayNo + 4) % 7) + 7) % 7;
}

/** Opening hours [open, close) of a site on a day of the week, in local hours: Sundays open later and close earlier. */
export function openingHours(site: SiteRec, dow: number): { open: number; close: number } {
  if (dow !== 0) return { open: site.openHour, close: site.closeHour };
  return { open: Math.max(site.openHour + 2, 10), close: Math.max(Math.min(site.closeHour - 2, 18), site.openHour + 6) };
}

/** Per-monitor character, derived from its hash key (so a monitor's data depends only on the seed). */
interface Character {
  /** Peak timing: x^gamma over the opening hours (below 1: a later peak, above 1: an earlier one). */
  gamma: number;
  /** Weight of the lunchtime bump. */
  lunch: number;
  /**
   * Saturday and Sunday relative to the site's weekly profile: a commuter's entrance (quieter at weekends) or a
   * shopper's (busier), never in between, so each entrance's weekends differ from its weekdays.
   */
  weekend: number;
  /** Growth per year (log scale): from -6 % to +14 %. */
  growth: number;
}

function character(m: MonitorRec): Character {
  const w = unit(m.key, 13);
  return {
    gamma: 0.6 + 1.0 * unit(m.key, 11),
    lunch: 0.1 + 0.5 * unit(m.key, 12),
    weekend: w < 0.4 ? 0.55 + (0.35 * w) / 0.4 : 1.25 + (0.3 * (w - 0.4)) / 0.6,
    growth: -0.06 + 0.2 * unit(m.key, 14),
  };
}

/**
 * The expected people per 15-minute slot of a monitor, before noise, for its first direction (multiply by the
 * direction's factor). Tables per kind of day are built once per request; `dayFactor` is cheap per local day.
 */
export class Profile {
  /** shape[kind][slot of the local day]: 0 = weekdays and Saturday, 1 = Sunday; 0 when closed. */
  private readonly shape: Float64Array[];
  private readonly hours: { open: number; close: number }[];
  private readonly c: Character;

  constructor(
    private readonly m: MonitorRec,
    site: SiteRec,
  ) {
    this.c = character(m);
    this.hours = [openingHours(site, 1), openingHours(site, 0)];
    this.shape = this.hours.map(({ open, close }) => {
      const t = new Float64Array(SLOTS_PER_DAY);
      for (let s = 0; s < SLOTS_PER_DAY; s++) {
        const hour = s / 4;
        if (hour < open || hour >= close) continue;
        const x = ((hour - open) / (close - open)) ** this.c.gamma;
        t[s] = 0.2 + 0.8 * Math.sin(Math.PI * x) ** 2 + this.c.lunch * Math.exp(-(((hour - 12.75) / 0.9) ** 2));
      }
      return t;
    });
  }

  /** Whether the site is open at `hour` (local, fractional) of the local day `dayNo`. */
  isOpen(dayNo: number, hour: number): boolean {
    const h = this.hours[dayOfWeek(dayNo) === 0 ? 1 : 0];
    return hour >= h.open && hour < h.close;
  }

  /** The shape of slot `slotOfDay` on the local day `dayNo`. */
  shapeAt(dayNo: number, slotOfDay: number): number {
    return this.shape[dayOfWeek(dayNo) === 0 ? 1 : 0][slotOfDay];
  }

  /** Everything that varies by local day: scale, weekly seasonality, yearly season and trend. */
  dayFactor(dayNo: number): number {
    const dow = dayOfWeek(dayNo);
    const weekly = WEEKLY[dow] * (dow === 0 || dow === 6 ? this.c.weekend : 1);
    const season = 1 + 0.12 * Math.cos((2 * Math.PI * (dayNo - 345)) / 365.2425); // busiest in mid-December
    const trend = Math.exp((this.c.growth * (dayNo - TREND_EPOCH_DAY)) / 365.2425);
    return (this.m.scale * weekly * season * trend) / 1.3;
  }
}
