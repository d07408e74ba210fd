// Quick picks and input boxes that ask for a report's name, range, interval and directions, with validation
// that matches the API's limits (366 days, 35,136 buckets: MAX_BUCKETS in api/types) before anything is sent.
import * as vscode from 'vscode';
import { MAX_BUCKETS, type Interval, type Monitor, type RangePreset, type ReportInput, type ReportRange } from '../api/types';
import { INTERVAL_LABELS, PRESET_LABELS, defaultInterval, isoInZone, localToInstant } from '../shared/time';

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
  const title = defaults.name ? vscode.l10n.t('Edit {0}', defaults.name) : vscode.l10n.t('New report for {0}', monitor.name);
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
  const items: Item[] = (Object.keys(PRESET_LABELS) as RangePreset[]).map((p) => ({
    label: vscode.l10n.t(PRESET_LABELS[p]),
    preset: p,
    picked: p === currentPreset,
    description: p === currentPreset ? vscode.l10n.t('current') : undefined,
  }));
  items.push({ label: vscode.l10n.t('Custom dates…'), description: current && 'start' in current ? vscode.l10n.t('current') : undefined });
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Range'), ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.preset) return { preset: pick.preset };
  const startDefault = current && 'start' in current ? current.start.slice(0, 10) : '';
  const start = await askDate(title, vscode.l10n.t('First day (YYYY-MM-DD), in {0}', timezone), startDefault);
  if (!start) return undefined;
  const endDefault = current && 'end' in current ? previousDay(current.end.slice(0, 10)) : start;
  const end = await askDate(title, vscode.l10n.t('Last day, included (YYYY-MM-DD)'), endDefault, (v) => {
    const days = daysBetween(start, v) + 1;
    if (days < 1) return vscode.l10n.t('The last day must not be before the first.');
    if (days > MAX_DAYS) return vscode.l10n.t('A report covers at most {0} days.', MAX_DAYS);
    return undefined;
  });
  if (!end) return undefined;
  const [y1, m1, d1] = start.split('-').map(Number);
  const [y2, m2, d2] = end.split('-').map(Number);
  const startMs = localToInstant(y1, m1, d1, timezone);
  const endMs = localToInstant(y2, m2, d2 + 1, timezone);
  return { start: isoInZone(startMs, timezone), end: isoInZone(endMs, timezone) };
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
    validateInput: (v) => (isDate(v) ? extra?.(v) : vscode.l10n.t('Use the form YYYY-MM-DD, for example 2026-11-01.')),
  });
}

async function askInterval(title: string, range: ReportRange, current?: Interval): Promise<Interval | undefined> {
  const days =
    'preset' in range ? presetDays(range.preset) : Math.max(1, Math.round((Date.parse(range.end) - Date.parse(range.start)) / 86_400_000));
  const suggested = current ?? ('preset' in range ? defaultInterval(range.preset) : days > 31 ? '1d' : days > 2 ? '1h' : '15m');
  const items = (['15m', '1h', '1d'] as Interval[])
    .filter((i) => days * BUCKETS_PER_DAY[i] <= MAX_BUCKETS)
    .map((i) => ({
      label: vscode.l10n.t(INTERVAL_LABELS[i]),
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
    monitor.directions.map((d) => ({ label: d.name, description: d.id, id: d.id, picked: current === null || current.includes(d.id) })),
    { title, placeHolder: vscode.l10n.t('Directions (all when none or every one is chosen)'), canPickMany: true, ignoreFocusOut: true },
  );
  if (!picks) return undefined;
  if (picks.length === 0 || picks.length === monitor.directions.length) return null;
  return picks.map((p) => p.id);
}

function presetDays(p: RangePreset): number {
  return p === 'today' || p === 'yesterday' ? 1 : p === 'last_7_days' ? 7 : 31;
}

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function previousDay(v: string): string {
  const d = new Date(Date.parse(`${v}T00:00:00Z`) - 86_400_000);
  return d.toISOString().slice(0, 10);
}
