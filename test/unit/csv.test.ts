import * as assert from 'assert';
import { startSandbox, type Sandbox } from '../../sandbox';
import { HoxtonClient } from '../../src/api/client';
import { requestToken } from '../../src/api/oauth';
import { toColumns } from '../../src/shared/columns';
import { csvField, toCsv } from '../../src/shared/csv';
import { formatIsoWithOffset } from '../../src/shared/time';
import type { ReportColumns } from '../../src/shared/reportMessages';

describe('csv: formatIsoWithOffset', () => {
  it('formats with the offset', () => {
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-11-28T09:15:00Z'), 0), '2026-11-28T09:15:00+00:00');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T08:00:00Z'), 60), '2026-07-01T09:00:00+01:00');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T04:00:00Z'), -240), '2026-07-01T00:00:00-04:00');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T00:00:00Z'), 345), '2026-07-01T05:45:00+05:45');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T00:00:00Z'), -570), '2026-06-30T14:30:00-09:30');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T00:00:00.250Z'), 0), '2026-07-01T00:00:00.250+00:00');
  });

  it('round-trips through Date.parse', () => {
    for (const off of [-720, -210, 0, 60, 330, 840]) {
      const ms = Date.UTC(2026, 2, 29, 1, 30);
      assert.strictEqual(Date.parse(formatIsoWithOffset(ms, off)), ms);
    }
  });
});

describe('csv: fields', () => {
  it('quotes per RFC 4180', () => {
    assert.strictEqual(csvField('plain'), 'plain');
    assert.strictEqual(csvField('a,b'), '"a,b"');
    assert.strictEqual(csvField('say "hi"'), '"say ""hi"""');
    assert.strictEqual(csvField('two\nlines'), '"two\nlines"');
    assert.strictEqual(csvField('cr\rlf'), '"cr\rlf"');
  });

  it('neutralises spreadsheet formulas', () => {
    assert.strictEqual(csvField('=1+2'), "'=1+2");
    assert.strictEqual(csvField('+A1'), "'+A1");
    assert.strictEqual(csvField('-A1'), "'-A1");
    assert.strictEqual(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.strictEqual(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.strictEqual(csvField('a=b'), 'a=b');
  });
});

describe('csv: toCsv', () => {
  const base: ReportColumns = {
    timezone: 'Europe/London',
    interval: '1h',
    start: '2026-03-29T00:00:00+00:00',
    end: '2026-03-29T03:00:00+01:00',
    times: Float64Array.from([Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T01:00:00Z')]),
    offsets: Int16Array.from([0, 60]),
    directions: [
      { id: 'in', name: 'In, main' },
      { id: 'out', name: '=cmd|"/c calc"!A1' },
    ],
    counts: [Int32Array.from([1, 2]), Int32Array.from([3, 4])],
    occupancyEnd: null,
    occupancyMax: null,
    capacity: null,
    totals: {},
  };

  it('writes a header and one row per bucket with ISO start times', () => {
    const csv = toCsv(base);
    assert.strictEqual(
      csv,
      'start (Europe/London),"In, main","\'=cmd|""/c calc""!A1"\r\n' +
        '2026-03-29T00:00:00+00:00,1,3\r\n' +
        '2026-03-29T02:00:00+01:00,2,4\r\n',
    );
  });

  it('adds occupancy columns for occupancy monitors', () => {
    const csv = toCsv({
      ...base,
      directions: [{ id: 'in', name: 'In' }],
      counts: [Int32Array.from([1, 2])],
      occupancyEnd: Int32Array.from([5, 6]),
      occupancyMax: Int32Array.from([7, 8]),
      capacity: 10,
    });
    assert.strictEqual(csv.split('\r\n')[0], 'start (Europe/London),In,occupancy_end,occupancy_max');
    assert.strictEqual(csv.split('\r\n')[2], '2026-03-29T02:00:00+01:00,2,6,8');
  });

  it('writes the report time zone’s offsets, not the ones the API sent (UTC here)', () => {
    const csv = toCsv({ ...base, offsets: Int16Array.from([0, 0]) });
    assert.deepStrictEqual(csv.split('\r\n').slice(1, 3), ['2026-03-29T00:00:00+00:00,1,3', '2026-03-29T02:00:00+01:00,2,4']);
    const ny = toCsv({ ...base, timezone: 'America/New_York', offsets: Int16Array.from([0, 0]) }).split('\r\n');
    assert.strictEqual(ny[0].split(',')[0], 'start (America/New_York)');
    assert.strictEqual(ny[1].split(',')[0], '2026-03-28T20:00:00-04:00');
  });

  it('writes only the header for an empty report', () => {
    assert.strictEqual(
      toCsv({ ...base, times: new Float64Array(0), offsets: new Int16Array(0), counts: [new Int32Array(0), new Int32Array(0)] }).split(
        '\r\n',
      ).length,
      2,
    );
  });
});

describe('csv: through a DST change, from the sandbox over HTTP', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, bigSiteMonitors: 0 });
  });
  after(() => sandbox.close());

  it('writes each bucket start with its own offset across the spring and autumn changes in London', async () => {
    const t = await requestToken(
      { domain: sandbox.url, audience: 'https://api.hoxton.cloud' },
      { grant: 'client_credentials', clientId: 'sandbox-acme-service', clientSecret: 'sandbox-acme-service-secret' },
    );
    const client = new HoxtonClient({ baseUrl: sandbox.url, token: async () => t.accessToken });
    const sites = await client.all((cursor) => client.listSites({ cursor, limit: 500 }));
    const london = sites.find((s) => s.timezone === 'Europe/London');
    assert.ok(london, 'the sandbox has a site in Europe/London');
    const [monitor] = (await client.listMonitors({ siteId: london.id, limit: 1 })).data;
    assert.ok(monitor);
    // 29 March 2026 (01:00 → 02:00, a 23-hour day) and 25 October 2026 (02:00 → 01:00, a 25-hour day).
    for (const [start, end, hours] of [
      ['2026-03-28', '2026-03-30', 47],
      ['2026-10-24', '2026-10-26', 49],
    ] as const) {
      const data = await client.getMonitorData(monitor.id, { start, end, interval: '1h', timezone: 'Europe/London' });
      assert.strictEqual(data.buckets.length, hours, `${start}…${end}: hours`);
      const rows = toCsv(toColumns(data)).trimEnd().split('\r\n').slice(1);
      assert.strictEqual(rows.length, hours);
      // Every row's start, in full (offset included), is the API's own bucket start.
      rows.forEach((row, i) => assert.strictEqual(row.split(',')[0], data.buckets[i].start, `row ${i}`));
      const offsets = new Set(rows.map((r) => r.slice(19, 25)));
      assert.deepStrictEqual([...offsets].sort(), ['+00:00', '+01:00'], 'both sides of the change');
      // Instants strictly one hour apart, whatever the wall clock did.
      const instants = rows.map((r) => Date.parse(r.split(',')[0]));
      for (let i = 1; i < instants.length; i++) assert.strictEqual(instants[i] - instants[i - 1], 3_600_000, `row ${i}`);
    }
  });
});
