import * as assert from 'assert';
import {
  bucketCount,
  describeRange,
  INTERVALS,
  intervalLabel,
  isRangeSpec,
  PRESETS,
  presetLabel,
  rangeDays,
  rangeFromDays,
  resolvePreset,
  resolveRange,
  type L10n,
} from '../../src/shared/range';
import { isoInZone } from '../../src/shared/time';

const iso = (r: { start: number; end: number }, tz: string) => ({ start: isoInZone(r.start, tz), end: isoInZone(r.end, tz) });

describe('range: vocabulary', () => {
  it('lists every preset and interval once, in the order people see them', () => {
    assert.deepStrictEqual(PRESETS, ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month']);
    assert.deepStrictEqual(INTERVALS, ['15m', '1h', '1d']);
  });

  it('has one set of labels, English by default and through l10n when given', () => {
    assert.deepStrictEqual(
      PRESETS.map((p) => presetLabel(p)),
      ['Today', 'Yesterday', 'Last 7 days', 'Last 30 days', 'This month', 'Last month'],
    );
    assert.deepStrictEqual(
      INTERVALS.map((i) => intervalLabel(i)),
      ['15 minutes', '1 hour', '1 day'],
    );
    const asked: string[] = [];
    const l10n = { t: (m: string) => (asked.push(m), `«${m}»`) } as L10n;
    assert.strictEqual(presetLabel('last_7_days', l10n), '«Last 7 days»');
    assert.strictEqual(intervalLabel('1h', l10n), '«1 hour»');
    assert.strictEqual(describeRange({ preset: 'today' }, l10n), '«Today»');
    assert.deepStrictEqual(asked, ['Last 7 days', '1 hour', 'Today']);
  });

  it('accepts presets and ranges whose end is after their start only', () => {
    assert.ok(isRangeSpec({ preset: 'this_month' }));
    assert.ok(isRangeSpec({ start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' }));
    assert.ok(!isRangeSpec({ preset: 'tomorrow' }));
    assert.ok(!isRangeSpec({ start: '2026-10-26T00:00:00Z', end: '2026-10-26T00:00:00Z' }));
    assert.ok(!isRangeSpec({ start: '2026-10-27T00:00:00Z', end: '2026-10-26T00:00:00Z' }));
    assert.ok(!isRangeSpec({ start: 'soon', end: '2026-10-26T00:00:00Z' }));
    assert.ok(!isRangeSpec(null));
  });
});

describe('range: presets in a DST time zone', () => {
  it('resolves today on the day the clocks go back as a 25-hour day (Europe/London)', () => {
    const now = Date.parse('2026-10-25T15:00:00Z');
    const today = resolvePreset('today', 'Europe/London', now);
    assert.deepStrictEqual(iso(today, 'Europe/London'), { start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' });
    assert.strictEqual(today.end - today.start, 25 * 3_600_000);
  });

  it('resolves yesterday after the clocks went forward as a 23-hour day (Europe/London)', () => {
    const yesterday = resolvePreset('yesterday', 'Europe/London', Date.parse('2026-03-30T10:00:00Z'));
    assert.deepStrictEqual(iso(yesterday, 'Europe/London'), { start: '2026-03-29T00:00:00+00:00', end: '2026-03-30T00:00:00+01:00' });
    assert.strictEqual(yesterday.end - yesterday.start, 23 * 3_600_000);
  });

  it('resolves the last 7 days and months across a change (America/New_York)', () => {
    const now = Date.parse('2026-11-03T12:00:00Z'); // 07:00 in New York, after DST ended on 1 November
    assert.deepStrictEqual(resolveRange({ preset: 'last_7_days' }, 'America/New_York', now), {
      start: '2026-10-28T00:00:00-04:00',
      end: '2026-11-04T00:00:00-05:00',
    });
    assert.deepStrictEqual(resolveRange({ preset: 'last_month' }, 'America/New_York', now), {
      start: '2026-10-01T00:00:00-04:00',
      end: '2026-11-01T00:00:00-04:00',
    });
    assert.deepStrictEqual(resolveRange({ preset: 'this_month' }, 'America/New_York', now), {
      start: '2026-11-01T00:00:00-04:00',
      end: '2026-12-01T00:00:00-05:00',
    });
  });

  it('uses the local date, not the UTC one, to decide what today is', () => {
    const now = Date.parse('2026-11-29T23:30:00Z'); // already 30 November in Sydney
    assert.deepStrictEqual(resolveRange({ preset: 'today' }, 'Australia/Sydney', now), {
      start: '2026-11-30T00:00:00+11:00',
      end: '2026-12-01T00:00:00+11:00',
    });
  });

  it('leaves a custom range as it is', () => {
    const r = { start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' };
    assert.deepStrictEqual(resolveRange(r, 'Asia/Tokyo'), r);
  });
});

describe('range: local days to instants', () => {
  it('turns a first and last day, both included, into midnight to the midnight after, in the zone', () => {
    assert.deepStrictEqual(rangeFromDays('2026-10-25', '2026-10-25', 'Europe/London'), {
      start: '2026-10-25T00:00:00+01:00',
      end: '2026-10-26T00:00:00+00:00',
    });
    assert.deepStrictEqual(rangeFromDays('2026-03-28', '2026-03-29', 'Europe/London'), {
      start: '2026-03-28T00:00:00+00:00',
      end: '2026-03-30T00:00:00+01:00',
    });
    assert.deepStrictEqual(rangeFromDays('2026-12-31', '2026-12-31', 'Asia/Kolkata'), {
      start: '2026-12-31T00:00:00+05:30',
      end: '2027-01-01T00:00:00+05:30',
    });
  });

  it('uses the fallback offset when the zone is unknown here', () => {
    assert.deepStrictEqual(rangeFromDays('2026-10-25', '2026-10-26', 'Mars/Olympus_Mons', 60), {
      start: '2026-10-25T00:00:00+01:00',
      end: '2026-10-27T00:00:00+01:00',
    });
    assert.deepStrictEqual(rangeFromDays('2026-10-25', '2026-10-25', null, -300), {
      start: '2026-10-25T00:00:00-05:00',
      end: '2026-10-26T00:00:00-05:00',
    });
  });

  it('refuses days that are not days, or a last day before the first', () => {
    assert.strictEqual(rangeFromDays('2026-10-26', '2026-10-25', 'UTC'), undefined);
    assert.strictEqual(rangeFromDays('2026-02-30', '2026-03-01', 'UTC'), undefined);
    assert.strictEqual(rangeFromDays('25/10/2026', '2026-10-26', 'UTC'), undefined);
  });
});

describe('range: how a range reads (inclusive end dates)', () => {
  it('shows a one-day custom range as that day twice, not the next day as its end', () => {
    const oneDay = { start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' };
    assert.strictEqual(describeRange(oneDay), '2026-10-25 – 2026-10-25');
    assert.deepStrictEqual(rangeDays(oneDay), { first: '2026-10-25', last: '2026-10-25' });
    assert.strictEqual(describeRange({ start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }), '2026-10-01 – 2026-10-31');
    assert.strictEqual(describeRange({ start: '2026-10-01', end: '2026-11-01' }), '2026-10-01 – 2026-10-31');
  });

  it('keeps the end day when the range ends during it', () => {
    assert.deepStrictEqual(rangeDays({ start: '2026-10-25T06:00:00Z', end: '2026-10-26T12:00:00Z' }), {
      first: '2026-10-25',
      last: '2026-10-26',
    });
    assert.deepStrictEqual(rangeDays({ start: '2026-10-25T06:00:00Z', end: '2026-10-25T12:00:00Z' }), {
      first: '2026-10-25',
      last: '2026-10-25',
    });
  });

  it('reads back the days it was made from, in any zone, for a year of days', () => {
    for (const tz of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      for (let d = 0; d < 366; d += 7) {
        const first = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        const last = new Date(Date.UTC(2026, 0, 1 + d + (d % 5))).toISOString().slice(0, 10);
        const r = rangeFromDays(first, last, tz);
        assert.ok(r, `${tz} ${first}`);
        assert.deepStrictEqual(rangeDays(r), { first, last }, `${tz} ${first}…${last}`);
        assert.strictEqual(describeRange(r), `${first} – ${last}`);
      }
    }
  });
});

describe('range: bucket counts (how large the first data will be)', () => {
  const now = Date.UTC(2026, 5, 17, 12); // 17 June 2026, no DST change near
  it('counts a preset at each interval in the zone', () => {
    assert.strictEqual(bucketCount({ preset: 'today' }, '15m', 'Europe/London', now), 96);
    assert.strictEqual(bucketCount({ preset: 'last_7_days' }, '1h', 'Europe/London', now), 168);
    assert.strictEqual(bucketCount({ preset: 'last_30_days' }, '1d', 'Asia/Tokyo', now), 30);
  });
  it('counts a custom range: a year at 15 minutes is 35,040', () => {
    const year = { start: '2025-01-01T00:00:00+00:00', end: '2026-01-01T00:00:00+00:00' };
    assert.strictEqual(bucketCount(year, '15m', 'UTC', now), 35_040);
  });
  it('says nothing for a zone this runtime does not know or a range it cannot read', () => {
    assert.strictEqual(bucketCount({ preset: 'today' }, '1h', 'Mars/Olympus_Mons', now), undefined);
    assert.strictEqual(bucketCount({ start: 'soon', end: 'later' }, '1h', 'UTC', now), undefined);
  });
});
