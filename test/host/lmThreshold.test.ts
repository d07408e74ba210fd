// The summary tool (#15) reads a monitor's own alert threshold (#14, live/thresholds.ts), not a constant: with a
// per-monitor threshold set, its "time above the threshold" is the one computed here from the sandbox's raw JSON at
// that threshold (and differs from the value at the 80 % default, so the test fails when the default is used).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { api, signInWithPassword, signOutAll } from './helpers';
import { directApi, type Data } from './direct';

interface SummaryJson {
  results: {
    summary: {
      range: { start: string; end: string };
      occupancy: { thresholdPercent: number; threshold: number | null; minutesAboveThreshold: number | null } | null;
    };
  }[];
}

describe('language-model tools and the alert threshold per monitor', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let accountId: string;
  let monitorId: string | undefined;

  before(async () => {
    a = await api();
    await signOutAll();
    accountId = await signInWithPassword('demo@hoxton.test', 'demo');
  });
  after(async () => {
    if (monitorId) await a.live.thresholds.set(accountId, monitorId, undefined);
    await signOutAll();
  });

  it('uses the monitor’s own threshold for the time above it', async () => {
    const direct = await directApi('demo@hoxton.test', 'demo');
    const sites = await direct.all<{ id: string; timezone: string }>('/v1/sites');
    const monitors = await direct.all<{ id: string; type: string; site_id: string; capacity: number | null }>(
      '/v1/monitors?type=occupancy',
    );
    const m = monitors.find((x) => x.type === 'occupancy' && x.capacity)!;
    assert.ok(m, 'an occupancy monitor with a capacity');
    const site = sites.find((s) => s.id === m.site_id)!;
    monitorId = m.id;

    // The range the tool will use (yesterday, from a first call at the default), and its raw data from the sandbox.
    const invoke = async () => {
      const r = await vscode.lm.invokeTool('hoxton_getReportSummary', {
        input: { monitorId: m.id, preset: 'yesterday' },
        toolInvocationToken: undefined,
      });
      const parts = r.content.map((p) => (p as { value?: unknown }).value).filter((v): v is string => typeof v === 'string');
      return { text: parts[0], json: JSON.parse(parts[1]) as SummaryJson };
    };
    const first = await invoke();
    const range = first.json.results[0].summary.range;
    const data = (await direct.get(
      `/v1/monitors/${m.id}/data?start=${encodeURIComponent(range.start)}&end=${encodeURIComponent(range.end)}&interval=15m&timezone=${encodeURIComponent(site.timezone)}`,
    )) as Data;
    const minutesAbove = (percent: number) =>
      data.buckets.filter((b) => b.occupancy && b.occupancy.max > (m.capacity! * percent) / 100).length * 15;
    // A threshold whose answer differs from the default's (80 %) and is not zero.
    const percent = [50, 40, 30, 60, 20, 70, 10].find((p) => minutesAbove(p) > 0 && minutesAbove(p) !== minutesAbove(80));
    assert.ok(percent, `a threshold that changes the answer: ${JSON.stringify(data.buckets.map((b) => b.occupancy?.max))}`);
    assert.strictEqual(first.json.results[0].summary.occupancy!.minutesAboveThreshold, minutesAbove(80), 'the setting’s 80 % without one');

    await a.live.thresholds.set(accountId, m.id, percent);
    const r = await invoke();
    const o = r.json.results[0].summary.occupancy!;
    assert.deepStrictEqual(r.json.results[0].summary.range, range);
    assert.strictEqual(o.thresholdPercent, percent);
    assert.strictEqual(o.threshold, (m.capacity! * percent) / 100);
    assert.strictEqual(o.minutesAboveThreshold, minutesAbove(percent));
    assert.ok(r.text.includes(`time above ${percent}% of capacity`), r.text);
    assert.ok(r.text.includes(`: ${minutesAbove(percent)} minutes`), r.text);
  });
});
