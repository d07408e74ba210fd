// Quick picks and input boxes that ask for a report's name, range, interval and directions, with validation
// that matches the API's limits (366 days, 35,136 buckets: MAX_BUCKETS in api/types) before anything is sent.
import * as vscode from 'vscode';
import { MAX_BUCKETS, type Monitor, type ReportInput, type ReportRange } from '../api/types';
import {
  INTERVALS,
  PRESETS,
  defaultInterval,
  intervalLabel,
  isLocalDay,
  presetLabel,
  rangeDays,
  rangeFromDays,
  type Interval,
  type RangePreset,
} from '../shared/range';
import { pickText, promptText } from '../util/inert';

const MAX_DAYS = 366;
const BUCKETS_PER_DAY: Record<Interval, number> = { '15m': 96, '1h': 24, '1d': 1 };

export interface WizardDefaults {
  name?: string;
  range?: ReportRange;
  interval?: Interval;
  directions?: string[] | null;
}

export async function askReport(
  monitor: Monitor,
  timezone: string,
  defaults: WizardDefaults = {},
  ask: { name: boolean } = { name: true },
): Promise<Omit<ReportInput, 'monitor_id'> | undefined> {
  const title = defaults.name
    ? vscode.l10n.t('Edit {0}', promptText(defaults.name))
    : vscode.l10n.t('New report for {0}', promptText(monitor.name));
  let name = defaults.name ?? '';
  if (ask.name) {
    const entered = await askName(title, name);
    if (entered === undefined) return undefined;
    name = entered;
  }
  const range = await askRange(title, timezone, defaults.range);
  if (!range) return undefined;
  const interval = await askInterval(title, range, defaults.interval);
  if (!interval) return undefined;
  const directions = await askDirections(title, monitor, defaults.directions ?? null);
  if (directions === undefined) return undefined;
  return { name, range, interval, directions };
}

export async function askName(title: string, value: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Report name'),
    value,
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim() ? vscode.l10n.t('Enter a name.') : v.trim().length > 200 ? vscode.l10n.t('Use at most 200 characters.') : undefined,
  });
  return name?.trim() || undefined;
}

async function askRange(title: string, timezone: string, current?: ReportRange): Promise<ReportRange | undefined> {
  const currentPreset = current && 'preset' in current ? current.preset : undefined;
  type Item = vscode.QuickPickItem & { preset?: RangePreset };
  const items: Item[] = PRESETS.map((p) => ({
    label: presetLabel(p, vscode.l10n),
    preset: p,
    picked: p === currentPreset,
    description: p === currentPreset ? vscode.l10n.t('current') : undefined,
  }));
  items.push({ label: vscode.l10n.t('Custom dates…'), description: current && 'start' in current ? vscode.l10n.t('current') : undefined });
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Range'), ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.preset) return { preset: pick.preset };
  const currentDays = current && 'start' in current ? rangeDays(current) : undefined;
  const startDefault = currentDays?.first ?? '';
  const start = await askDate(title, vscode.l10n.t('First day (YYYY-MM-DD), in {0}', promptText(timezone)), startDefault);
  if (!start) return undefined;
  const endDefault = currentDays?.last ?? start;
  const end = await askDate(title, vscode.l10n.t('Last day, included (YYYY-MM-DD)'), endDefault, (v) => {
    const days = daysBetween(start, v) + 1;
    if (days < 1) return vscode.l10n.t('The last day must not be before the first.');
    if (days > MAX_DAYS) return vscode.l10n.t('A report covers at most {0} days.', MAX_DAYS);
    return undefined;
  });
  if (!end) return undefined;
  return rangeFromDays(start, end, timezone);
}

async function askDate(
  title: string,
  prompt: string,
  value: string,
  extra?: (v: string) => string | undefined,
): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt,
    value,
    placeHolder: 'YYYY-MM-DD',
    ignoreFocusOut: true,
    validateInput: (v) => (isLocalDay(v) ? extra?.(v) : vscode.l10n.t('Use the form YYYY-MM-DD, for example 2026-11-01.')),
  });
}

async function askInterval(title: string, range: ReportRange, current?: Interval): Promise<Interval | undefined> {
  const days =
    'preset' in range ? presetDays(range.preset) : Math.max(1, Math.round((Date.parse(range.end) - Date.parse(range.start)) / 86_400_000));
  const suggested = current ?? ('preset' in range ? defaultInterval(range.preset) : days > 31 ? '1d' : days > 2 ? '1h' : '15m');
  const items = INTERVALS.filter((i) => days * BUCKETS_PER_DAY[i] <= MAX_BUCKETS).map((i) => ({
    label: intervalLabel(i, vscode.l10n),
    interval: i,
    picked: i === suggested,
    description: i === suggested ? vscode.l10n.t('suggested') : undefined,
  }));
  items.sort((a, b) => Number(b.interval === suggested) - Number(a.interval === suggested));
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Interval'), ignoreFocusOut: true });
  return pick?.interval;
}

async function askDirections(title: string, monitor: Monitor, current: string[] | null): Promise<string[] | null | undefined> {
  if (monitor.directions.length <= 1) return null;
  const picks = await vscode.window.showQuickPick(
    monitor.directions.map((d) => ({
      label: pickText(d.name),
      description: pickText(d.id),
      id: d.id,
      picked: current === null || current.includes(d.id),
    })),
    { title, placeHolder: vscode.l10n.t('Directions (all when none or every one is chosen)'), canPickMany: true, ignoreFocusOut: true },
  );
  if (!picks) return undefined;
  if (picks.length === 0 || picks.length === monitor.directions.length) return null;
  return picks.map((p) => p.id);
}

function presetDays(p: RangePreset): number {
  return p === 'today' || p === 'yesterday' ? 1 : p === 'last_7_days' ? 7 : 31;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
