// The New/Edit Report wizard: one quick input that asks, step by step ("New report for X (2/5)", Back keeps the
// earlier answers, Escape ends it with nothing sent), for a report's name, range, interval, comparison and directions, with
// validation that matches the API's limits (366 days, 35,136 buckets: MAX_BUCKETS in api/types) before anything is
// sent. The steps run on views/multiStep.ts.
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
import { COMPARE_CHOICES, compareChoiceLabel, compareOfChoice, type CompareChoice, type CompareSpec } from '../shared/compare';
import { pickText, promptText } from '../util/inert';
import { MultiStep, type Step } from './multiStep';

const MAX_DAYS = 366;
const BUCKETS_PER_DAY: Record<Interval, number> = { '15m': 96, '1h': 24, '1d': 1 };

export interface WizardDefaults {
  name?: string;
  range?: ReportRange;
  interval?: Interval;
  directions?: string[] | null;
  compare?: CompareSpec | null;
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
  const current = defaults.range;
  const currentDays = current && 'start' in current ? rangeDays(current) : undefined;
  // The answers so far: a step that is asked again (Back) starts from its earlier answer.
  const state: State = {
    name: defaults.name ?? '',
    choice: current ? ('preset' in current ? current.preset : 'custom') : undefined,
    first: currentDays?.first,
    last: currentDays?.last,
    interval: undefined,
    directions: defaults.directions ?? null,
    compare: defaults.compare?.kind ?? 'none',
    compareFrom: defaults.compare?.kind === 'custom' ? defaults.compare.start : undefined,
  };
  const askDirections = monitor.directions.length > 1;
  const plan = (): StepId[] => [
    ...(ask.name ? (['name'] as const) : []),
    'range',
    ...(state.choice === 'custom' ? (['first', 'last'] as const) : []),
    'interval',
    'compare',
    ...(state.compare === 'custom' ? (['compareFrom'] as const) : []),
    ...(askDirections ? (['directions'] as const) : []),
  ];
  const at = (id: StepId) => ({ title, step: plan().indexOf(id) + 1, totalSteps: plan().length });
  /** A day, written YYYY-MM-DD (the range's first and last, the comparison's first). */
  const askDay = (flow: MultiStep, id: StepId, prompt: string, value: string, validate: (v: string) => string | undefined = dayProblem) =>
    flow.input({ ...at(id), prompt, value, placeholder: 'YYYY-MM-DD', validate });
  const range = (): ReportRange | undefined =>
    state.choice === 'custom' ? rangeFromDays(state.first ?? '', state.last ?? '', timezone) : state.choice && { preset: state.choice };

  const nameStep: Step = async (flow) => {
    state.name = (await flow.input({ ...at('name'), ...nameQuestion(state.name) })).trim();
    return rangeStep;
  };
  const rangeStep: Step = async (flow) => {
    type Item = vscode.QuickPickItem & { choice: RangePreset | 'custom' };
    const isCurrent = (c: Item['choice']) =>
      c === 'custom' ? currentDays !== undefined : current !== undefined && 'preset' in current && current.preset === c;
    const items: Item[] = [...PRESETS, 'custom' as const].map((c) => ({
      label: c === 'custom' ? vscode.l10n.t('Custom dates…') : presetLabel(c, vscode.l10n),
      choice: c,
      description: isCurrent(c) ? vscode.l10n.t('current') : undefined,
    }));
    const pick = await flow.pick({
      ...at('range'),
      items,
      placeholder: vscode.l10n.t('Range'),
      active: items.find((i) => i.choice === state.choice),
    });
    state.choice = pick.choice;
    return pick.choice === 'custom' ? firstStep : intervalStep;
  };
  const firstStep: Step = async (flow) => {
    state.first = await askDay(flow, 'first', vscode.l10n.t('First day (YYYY-MM-DD), in {0}', promptText(timezone)), state.first ?? '');
    return lastStep;
  };
  const lastStep: Step = async (flow) => {
    const first = state.first ?? '';
    state.last = await askDay(flow, 'last', vscode.l10n.t('Last day, included (YYYY-MM-DD)'), state.last ?? first, (v) => {
      const problem = dayProblem(v);
      if (problem) return problem;
      const days = daysBetween(first, v) + 1;
      if (days < 1) return vscode.l10n.t('The last day must not be before the first.');
      if (days > MAX_DAYS) return vscode.l10n.t('A report covers at most {0} days.', MAX_DAYS);
      return undefined;
    });
    return intervalStep;
  };
  const intervalStep: Step = async (flow) => {
    const r = range();
    if (!r) return firstStep; // (cannot happen: the days were checked)
    const days = 'preset' in r ? presetDays(r.preset) : Math.max(1, Math.round((Date.parse(r.end) - Date.parse(r.start)) / 86_400_000));
    const suggested = defaults.interval ?? ('preset' in r ? defaultInterval(r.preset) : days > 31 ? '1d' : days > 2 ? '1h' : '15m');
    const items = INTERVALS.filter((i) => days * BUCKETS_PER_DAY[i] <= MAX_BUCKETS).map((i) => ({
      label: intervalLabel(i, vscode.l10n),
      interval: i,
      description: i === suggested ? vscode.l10n.t('suggested') : undefined,
    }));
    items.sort((a, b) => Number(b.interval === suggested) - Number(a.interval === suggested));
    const active = items.find((i) => i.interval === state.interval) ?? items.find((i) => i.interval === suggested);
    state.interval = (await flow.pick({ ...at('interval'), items, placeholder: vscode.l10n.t('Interval'), active })).interval;
    return compareStep;
  };
  const compareStep: Step = async (flow) => {
    const was = defaults.compare?.kind ?? 'none';
    const items = COMPARE_CHOICES.map((choice) => ({
      label: compareChoiceLabel(choice, vscode.l10n),
      choice,
      description: defaults.name !== undefined && choice === was ? vscode.l10n.t('current') : undefined,
    }));
    const pick = await flow.pick({
      ...at('compare'),
      items,
      placeholder: vscode.l10n.t('Compare with another period (same length, interval and directions)'),
      active: items.find((i) => i.choice === state.compare),
    });
    state.compare = pick.choice;
    return pick.choice === 'custom' ? compareFromStep : askDirections ? directionsStep : undefined;
  };
  const compareFromStep: Step = async (flow) => {
    state.compareFrom = await askDay(
      flow,
      'compareFrom',
      vscode.l10n.t('First day of the comparison period (YYYY-MM-DD), in {0}', promptText(timezone)),
      state.compareFrom ?? '',
    );
    return askDirections ? directionsStep : undefined;
  };
  const directionsStep: Step = async (flow) => {
    const chosen = state.directions;
    const items = monitor.directions.map((d) => ({ label: pickText(d.name), description: pickText(d.id), id: d.id }));
    const picks = await flow.pickMany({
      ...at('directions'),
      items,
      placeholder: vscode.l10n.t('Directions (all when none or every one is chosen)'),
      selected: items.filter((i) => chosen === null || chosen.includes(i.id)),
    });
    state.directions = picks.length === 0 || picks.length === monitor.directions.length ? null : picks.map((p) => p.id);
    return undefined;
  };

  if (!(await MultiStep.run(ask.name ? nameStep : rangeStep))) return undefined;
  const r = range();
  if (!r || !state.interval) return undefined;
  return {
    name: state.name,
    range: r,
    interval: state.interval,
    directions: askDirections ? state.directions : null,
    compare: compareOfChoice(state.compare, state.compareFrom) ?? null,
  };
}

/** One question (Rename): the same input box and checks as the wizard's first step. */
export async function askName(title: string, value: string): Promise<string | undefined> {
  let name = '';
  const done = await MultiStep.run(async (flow) => {
    name = (await flow.input({ title, ...nameQuestion(value) })).trim();
    return undefined;
  });
  return done && name ? name : undefined;
}

type StepId = 'name' | 'range' | 'first' | 'last' | 'interval' | 'compare' | 'compareFrom' | 'directions';

interface State {
  name: string;
  choice: RangePreset | 'custom' | undefined;
  first: string | undefined;
  last: string | undefined;
  interval: Interval | undefined;
  directions: string[] | null;
  compare: CompareChoice;
  compareFrom: string | undefined;
}

function nameQuestion(value: string) {
  return {
    prompt: vscode.l10n.t('Report name'),
    value,
    validate: (v: string) =>
      !v.trim() ? vscode.l10n.t('Enter a name.') : v.trim().length > 200 ? vscode.l10n.t('Use at most 200 characters.') : undefined,
  };
}

function dayProblem(v: string): string | undefined {
  return isLocalDay(v) ? undefined : vscode.l10n.t('Use the form YYYY-MM-DD, for example 2026-11-01.');
}

function presetDays(p: RangePreset): number {
  return p === 'today' || p === 'yesterday' ? 1 : p === 'last_7_days' ? 7 : 31;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
