import * as assert from 'assert';
import { resolvePreset, resolveRange } from '../../src/shared/range';
import { isoInZone, localToInstant, offsetMinutes } from '../../src/shared/time';

describe('time zones', () => {
  it('knows offsets across DST', () => {
    assert.strictEqual(offsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/London'), 0);
    assert.strictEqual(offsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/London'), 60);
    assert.strictEqual(offsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'America/New_York'), -240);
    assert.strictEqual(offsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kolkata'), 330);
  });

  it('finds local midnight as an instant', () => {
    assert.strictEqual(new Date(localToInstant(2026, 3, 29, 'Europe/London')).toISOString(), '2026-03-29T00:00:00.000Z');
    assert.strictEqual(new Date(localToInstant(2026, 3, 30, 'Europe/London')).toISOString(), '2026-03-29T23:00:00.000Z');
    assert.strictEqual(new Date(localToInstant(2026, 11, 1, 'Australia/Sydney')).toISOString(), '2026-10-31T13:00:00.000Z');
  });

  it('resolves presets in the zone', () => {
    const now = Date.parse('2026-11-29T03:30:00Z'); // 14:30 in Sydney (UTC+11)
    const today = resolvePreset('today', 'Australia/Sydney', now);
    assert.strictEqual(isoInZone(today.start, 'Australia/Sydney'), '2026-11-29T00:00:00+11:00');
    assert.strictEqual(isoInZone(today.end, 'Australia/Sydney'), '2026-11-30T00:00:00+11:00');
    const week = resolveRange({ preset: 'last_7_days' }, 'Europe/London', now);
    assert.deepStrictEqual(week, { start: '2026-11-23T00:00:00+00:00', end: '2026-11-30T00:00:00+00:00' });
    const lastMonth = resolveRange({ preset: 'last_month' }, 'America/New_York', now);
    assert.deepStrictEqual(lastMonth, { start: '2026-10-01T00:00:00-04:00', end: '2026-11-01T00:00:00-04:00' });
    const yesterday = resolveRange({ preset: 'yesterday' }, 'Europe/London', Date.parse('2026-03-30T10:00:00Z'));
    assert.deepStrictEqual(yesterday, { start: '2026-03-29T00:00:00+00:00', end: '2026-03-30T00:00:00+01:00' });
  });
});
