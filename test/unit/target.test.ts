import * as assert from 'assert';
import {
  isSavedAsIs,
  parseTarget,
  quickRangeTarget,
  targetKey,
  targetLimit,
  targetTitle,
  type ReportTarget,
} from '../../src/reports/target';

const base = {
  accountId: 'https://auth.example|org_acme|auth0/user-1',
  monitor: {
    id: 'mon_1',
    name: 'Front door',
    type: 'people_count' as const,
    capacity: null,
    directions: [
      { id: 'dir_in', name: 'In' },
      { id: 'dir_out', name: 'Out' },
    ],
  },
  site: { id: 'site_1', name: 'Camden <Store>', timezone: 'Europe/London' },
  orgName: 'Acme Retail',
};
const quick: ReportTarget = quickRangeTarget(base, 'last_7_days');
const saved: ReportTarget = {
  ...base,
  report: { id: 'rep_1', name: 'Lunch peak', version: 3, range: { preset: 'today' }, interval: '15m', directions: ['dir_in'] },
  range: { preset: 'today' },
  interval: '15m',
  directions: ['dir_in'],
};
const custom: ReportTarget = {
  ...base,
  monitor: { ...base.monitor, type: 'occupancy', capacity: 120 },
  report: null,
  range: { start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' },
  interval: '1h',
  directions: null,
};

/** A copy of `t` with one field (a dotted path) set to `value`, or removed when value is `REMOVE`. */
const REMOVE = Symbol('remove');
function withField(t: ReportTarget, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
  const keys = path.split('.');
  let o = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === REMOVE) delete o[last];
  else o[last] = value;
  return copy;
}

describe('report target: parseTarget', () => {
  const good: [string, unknown, ReportTarget][] = [
    ['a quick range', quick, quick],
    ['a saved report', saved, saved],
    ['a custom range on an occupancy monitor', custom, custom],
    ['one that went through JSON (a URI query, a webview state)', JSON.parse(JSON.stringify(saved)), saved],
    [
      'an account id with / and | (it is a session id, never part of a URL)',
      withField(quick, 'accountId', 'a/b|c'),
      { ...quick, accountId: 'a/b|c' },
    ],
    [
      'names with markup and quotes (shown as text only)',
      withField(quick, 'monitor.name', '<b>"x"</b>'),
      { ...quick, monitor: { ...quick.monitor, name: '<b>"x"</b>' } },
    ],
    [
      'a monitor without directions',
      withField(quick, 'monitor.directions', []),
      { ...quick, monitor: { ...quick.monitor, directions: [] } },
    ],
    ['extra fields, which are dropped', { ...quick, token: 'secret', monitor: { ...quick.monitor, extra: 1 } }, quick],
  ];
  for (const [name, input, expected] of good) {
    it(`accepts ${name}`, () => {
      const parsed = parseTarget(input);
      assert.deepStrictEqual(parsed, expected);
      assert.notStrictEqual(parsed, input, 'a fresh copy');
    });
  }

  const bad: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', JSON.stringify(quick)],
    ['an array', [quick]],
    ['a tree node-like object', { kind: 'range', preset: 'today', parent: {} }],
    ['no account', withField(quick, 'accountId', REMOVE)],
    ['an empty account', withField(quick, 'accountId', '')],
    ['an account with a control character', withField(quick, 'accountId', 'a\nb')],
    ['a numeric org name', withField(quick, 'orgName', 5)],
    ['no monitor', withField(quick, 'monitor', REMOVE)],
    ['an empty monitor id', withField(quick, 'monitor.id', '')],
    ['a monitor id with /', withField(quick, 'monitor.id', 'mon_1/../../v1/admin')],
    ['a monitor id with ..', withField(quick, 'monitor.id', '..')],
    ['a monitor id with a control character', withField(quick, 'monitor.id', 'mon\u0000')],
    ['a monitor id that is a number', withField(quick, 'monitor.id', 7)],
    ['a monitor name that is not a string', withField(quick, 'monitor.name', null)],
    ['an unknown monitor type', withField(quick, 'monitor.type', 'footfall')],
    ['a negative capacity', withField(quick, 'monitor.capacity', -1)],
    ['a capacity in a string', withField(quick, 'monitor.capacity', '120')],
    ['a fractional capacity', withField(quick, 'monitor.capacity', 1.5)],
    ['directions that are not a list', withField(quick, 'monitor.directions', { id: 'dir_in', name: 'In' })],
    ['a direction id with /', withField(quick, 'monitor.directions', [{ id: 'a/b', name: 'In' }])],
    ['a direction without a name', withField(quick, 'monitor.directions', [{ id: 'dir_in' }])],
    ['no site', withField(quick, 'site', REMOVE)],
    ['a site id with ..', withField(quick, 'site.id', 'site..1')],
    ['an empty time zone', withField(quick, 'site.timezone', '')],
    ['a time zone that climbs folders', withField(quick, 'site.timezone', '../../etc/passwd')],
    ['a numeric time zone', withField(quick, 'site.timezone', 0)],
    ['no report field (must be null or a report)', withField(quick, 'report', REMOVE)],
    ['a report id with /', withField(saved, 'report.id', 'rep/1')],
    ['a report version in a string', withField(saved, 'report.version', '3')],
    ['a negative report version', withField(saved, 'report.version', -1)],
    ['a report with an unknown preset', withField(saved, 'report.range', { preset: 'tomorrow' })],
    ['a report with an unknown interval', withField(saved, 'report.interval', '5m')],
    ['a report with direction ids that are numbers', withField(saved, 'report.directions', [1])],
    ['no range', withField(quick, 'range', REMOVE)],
    ['an unknown preset', withField(quick, 'range', { preset: 'next_week' })],
    ['a range of words', withField(quick, 'range', { start: 'monday', end: 'friday' })],
    ['a range that ends before it starts', withField(custom, 'range', { start: '2026-10-26T00:00:00Z', end: '2026-10-25T00:00:00Z' })],
    ['an unknown interval', withField(quick, 'interval', '2h')],
    ['directions that are a string', withField(quick, 'directions', 'dir_in')],
    ['a direction id with a control character', withField(quick, 'directions', ['dir\tin'])],
  ];
  for (const [name, input] of bad) {
    it(`refuses ${name}`, () => assert.strictEqual(parseTarget(input), undefined));
  }
});

describe('report target: key, title, saved as is', () => {
  it('keys a saved report by its id, a quick range by monitor and range', () => {
    assert.strictEqual(targetKey(saved), `${base.accountId}|report|rep_1`);
    assert.strictEqual(targetKey({ ...saved, interval: '1d' }), targetKey(saved), 'the same panel after a change');
    assert.strictEqual(targetKey(quick), `${base.accountId}|range|mon_1|{"preset":"last_7_days"}`);
  });

  it('titles by report name or by the range as people read it', () => {
    assert.strictEqual(targetTitle(saved), 'Lunch peak · Front door');
    assert.strictEqual(targetTitle(quick), 'Last 7 days · Front door');
    assert.strictEqual(targetTitle(custom), '2026-10-25 – 2026-10-25 · Front door');
  });

  it('knows when a saved report is still asked for as saved', () => {
    assert.ok(isSavedAsIs(saved));
    assert.ok(!isSavedAsIs({ ...saved, interval: '1h' }));
    assert.ok(!isSavedAsIs({ ...saved, directions: null }));
    assert.ok(!isSavedAsIs(quick));
  });
});

describe("target: the contract's limits", () => {
  const range = (start: string, end: string, interval: ReportTarget['interval']): ReportTarget => ({
    ...custom,
    range: { start, end },
    interval,
  });
  it('presets and ranges up to 366 days (and a DST hour) pass', () => {
    assert.strictEqual(targetLimit(quick), undefined);
    assert.strictEqual(targetLimit(saved), undefined);
    assert.strictEqual(targetLimit(custom), undefined);
    assert.strictEqual(targetLimit(range('2025-01-01T00:00:00Z', '2026-01-02T01:00:00Z', '1d')), undefined);
    assert.strictEqual(targetLimit(range('2025-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '15m')), undefined, '35,136 buckets');
  });
  it('longer ranges, and more than 35,136 buckets, do not', () => {
    assert.strictEqual(targetLimit(range('2016-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '1d')), 'range_too_large', 'ten years');
    assert.strictEqual(targetLimit(range('2025-01-01T00:00:00Z', '2026-01-02T01:00:01Z', '1d')), 'range_too_large');
    assert.strictEqual(targetLimit(range('2025-01-01T00:00:00Z', '2026-01-02T00:15:00Z', '15m')), 'too_many_buckets');
  });
});
