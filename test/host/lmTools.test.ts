// The language-model tools through `vscode.lm.invokeTool` in the real extension host (no model needed), against the
// sandbox. Expected values are computed here from the sandbox's own JSON, fetched over HTTP with a token this test
// gets itself, not from the extension's summary code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { api, signInWithPassword, signOutAll } from './helpers';
import { directApi, type Bucket, type Data } from './direct';

interface Result {
  text: string;
  json: Record<string, unknown>;
}

const texts: string[] = [];

async function invoke(name: string, input: object): Promise<Result> {
  const r = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  const parts = r.content.map((p) => (p as { value?: unknown }).value).filter((v): v is string => typeof v === 'string');
  assert.strictEqual(parts.length, 2, `${name}: a text part and a JSON part`);
  texts.push(...parts);
  return { text: parts[0], json: JSON.parse(parts[1]) as Record<string, unknown> };
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, k: number) => ymd(Date.parse(`${day}T00:00:00Z`) + k * 86_400_000);
const sumOf = (buckets: Bucket[], id: string) => buckets.reduce((s, b) => s + (b.counts[id] ?? 0), 0);
const totalOf = (b: Bucket) => Object.values(b.counts).reduce((s, n) => s + n, 0);

interface SummaryJson {
  results: {
    uri: string;
    summary: {
      range: { start: string; end: string };
      timezone: string;
      totals: Record<string, number>;
      series: { step: string; rows: { start: string; counts: Record<string, number> }[] };
      peaks: { start: string; total: number }[];
      occupancy: { peak: number; peakAt: string; minutesAboveThreshold: number | null } | null;
      previous?: { range: { start: string; end: string }; totals: Record<string, number>; changePercent: Record<string, number | null> };
    };
  }[];
}

describe('language-model tools', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let direct: Awaited<ReturnType<typeof directApi>>;
  let monitors: { id: string; name: string; type: string; site_id: string; capacity: number | null; directions: { id: string }[] }[];
  let sites: { id: string; name: string; timezone: string }[];

  before(async () => {
    a = await api();
    await signOutAll();
  });
  after(async () => {
    await signOutAll();
  });

  it('says how to sign in when no account is signed in (text, not an exception)', async () => {
    const r = await invoke('hoxton_listAccounts', {});
    assert.match(r.text, /Hoxton: Sign In/);
    assert.strictEqual((r.json.error as { code: string }).code, 'not_signed_in');
    const s = await invoke('hoxton_getReportSummary', { monitorId: 'x' });
    assert.match(s.text, /hoxton\.signIn/);
  });

  describe('signed in', () => {
    before(async () => {
      await signInWithPassword('demo@hoxton.test', 'demo');
      direct = await directApi('demo@hoxton.test', 'demo');
      sites = await direct.all('/v1/sites');
      monitors = await direct.all('/v1/monitors');
    });

    it('lists the account and its organisation', async () => {
      const org = (await direct.get('/v1/organisation')) as { id: string; name: string; timezone: string };
      const r = await invoke('hoxton_listAccounts', {});
      assert.match(r.text, new RegExp(`organisation "${org.name}" \\(id ${org.id}, time zone ${org.timezone}\\)`));
      const rows = r.json.accounts as { organisation: { id: string } }[];
      assert.deepStrictEqual(
        rows.map((x) => x.organisation.id),
        [org.id],
      );
    });

    it('finds monitors by type and name, with ids, paged', async () => {
      const occupancy = monitors.filter((m) => m.type === 'occupancy');
      const r = await invoke('hoxton_findSitesAndMonitors', { type: 'occupancy', limit: 200 });
      const items = r.json.items as { kind: string; id: string; type: string }[];
      const ids = new Set(occupancy.map((m) => m.id));
      assert.strictEqual(r.json.total, occupancy.length);
      assert.strictEqual(items.length, Math.min(200, occupancy.length));
      assert.ok(items.every((i) => i.kind === 'monitor' && i.type === 'occupancy' && ids.has(i.id)));
      assert.strictEqual(r.json.nextOffset, occupancy.length > 200 ? 200 : null);

      const one = monitors[1];
      const byName = await invoke('hoxton_findSitesAndMonitors', { query: one.name.toUpperCase(), kind: 'monitors' });
      assert.ok(
        (byName.json.items as { id: string }[]).some((i) => i.id === one.id),
        `${one.name} found by name`,
      );
      assert.match(byName.text, new RegExp(`id ${one.id}`));

      const page = await invoke('hoxton_findSitesAndMonitors', { limit: 2 });
      assert.strictEqual((page.json.items as unknown[]).length, 2);
      assert.strictEqual(page.json.total, sites.length + monitors.length);
      assert.strictEqual(page.json.nextOffset, 2);
      const next = await invoke('hoxton_findSitesAndMonitors', { limit: 2, offset: 2 });
      assert.notDeepStrictEqual(next.json.items, page.json.items);
    });

    it('summarises a people-count monitor over local days with totals, daily series and peaks from the sandbox data', async () => {
      const m = monitors.find((x) => x.type === 'people_count')!;
      const site = sites.find((s) => s.id === m.site_id)!;
      const to = ymd(Date.now() - 2 * 86_400_000);
      const from = addDays(to, -4);
      const r = await invoke('hoxton_getReportSummary', { monitorId: m.id, from, to, interval: '1h' });
      const s = (r.json as unknown as SummaryJson).results[0].summary;
      // The exact range used: local midnight of `from` to local midnight after `to`, in the site's zone.
      assert.strictEqual(s.timezone, site.timezone);
      assert.ok(s.range.start.startsWith(`${from}T00:00:00`), s.range.start);
      assert.ok(s.range.end.startsWith(`${addDays(to, 1)}T00:00:00`), s.range.end);
      assert.match(r.text, new RegExp(`time zone ${site.timezone.replace('/', '\\/')}`));
      const data = (await direct.get(
        `/v1/monitors/${m.id}/data?start=${encodeURIComponent(s.range.start)}&end=${encodeURIComponent(s.range.end)}&interval=1h&timezone=${encodeURIComponent(site.timezone)}`,
      )) as Data;
      for (const d of data.directions) {
        assert.strictEqual(s.totals[d.id], sumOf(data.buckets, d.id), `total ${d.id}`);
        assert.match(r.text, new RegExp(`${d.name} ${sumOf(data.buckets, d.id)}\\b`));
      }
      assert.strictEqual(s.series.step, 'day');
      assert.deepStrictEqual(
        s.series.rows.map((row) => row.start.slice(0, 10)),
        [0, 1, 2, 3, 4].map((k) => addDays(from, k)),
      );
      for (const row of s.series.rows) {
        const day = data.buckets.filter((b) => b.start.startsWith(row.start.slice(0, 10)));
        for (const d of data.directions) assert.strictEqual(row.counts[d.id], sumOf(day, d.id), `${row.start} ${d.id}`);
      }
      const best = Math.max(...data.buckets.map(totalOf));
      assert.strictEqual(s.peaks[0].total, best);
      assert.strictEqual(s.peaks[0].start, data.buckets.find((b) => totalOf(b) === best)!.start);
      assert.ok(r.json.results && (r.json as unknown as SummaryJson).results[0].uri.startsWith('hoxton:/'));
    });

    it('gives occupancy peak and time above 80% of capacity, and the raw data through the hoxton: URI', async () => {
      const m = monitors.find((x) => x.type === 'occupancy' && x.capacity)!;
      const r = await invoke('hoxton_getReportSummary', { monitorId: m.id, preset: 'yesterday' });
      const res = (r.json as unknown as SummaryJson).results[0];
      const s = res.summary;
      const site = sites.find((x) => x.id === m.site_id)!;
      const data = (await direct.get(
        `/v1/monitors/${m.id}/data?start=${encodeURIComponent(s.range.start)}&end=${encodeURIComponent(s.range.end)}&interval=15m&timezone=${encodeURIComponent(site.timezone)}`,
      )) as Data;
      const peak = Math.max(...data.buckets.map((b) => b.occupancy!.max));
      assert.strictEqual(s.occupancy!.peak, peak);
      assert.strictEqual(s.occupancy!.peakAt, data.buckets.find((b) => b.occupancy!.max === peak)!.start);
      const above = data.buckets.filter((b) => b.occupancy!.max > m.capacity! * 0.8).length * 15;
      assert.strictEqual(s.occupancy!.minutesAboveThreshold, above);
      assert.match(r.text, new RegExp(`Occupancy peak: ${peak} people at`));
      assert.match(r.text, new RegExp(`: ${above} minutes`));
      assert.strictEqual(s.series.step, 'hour');
      // The hoxton: document holds every bucket.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(res.uri));
      const raw = JSON.parse(doc.getText()) as Data;
      assert.strictEqual(raw.buckets.length, data.buckets.length);
      assert.deepStrictEqual(raw.totals, data.totals);
    });

    it('compares with the previous period of the same length', async () => {
      const m = monitors.find((x) => x.type === 'people_count')!;
      const site = sites.find((x) => x.id === m.site_id)!;
      const r = await invoke('hoxton_getReportSummary', { monitorId: m.id, preset: 'last_7_days', interval: '1d', compare: true });
      const s = (r.json as unknown as SummaryJson).results[0].summary;
      assert.ok(s.previous);
      assert.strictEqual(Date.parse(s.previous.range.end), Date.parse(s.range.start), 'the previous period ends where this one starts');
      assert.ok(s.previous.range.start.startsWith(`${addDays(s.range.start.slice(0, 10), -7)}T00:00:00`), s.previous.range.start);
      const before = (await direct.get(
        `/v1/monitors/${m.id}/data?start=${encodeURIComponent(s.previous.range.start)}&end=${encodeURIComponent(s.previous.range.end)}&interval=1d&timezone=${encodeURIComponent(site.timezone)}`,
      )) as Data;
      for (const [id, now] of Object.entries(s.totals)) {
        const was = sumOf(before.buckets, id);
        assert.strictEqual(s.previous.totals[id], was);
        assert.strictEqual(s.previous.changePercent[id], Math.round(((now - was) / was) * 1000) / 10);
      }
      assert.match(r.text, /Previous period .*change/);
    });

    it('answers a year at 15 minutes in a few KB and says what was aggregated', async () => {
      const m = monitors.find((x) => x.type === 'occupancy')!;
      const to = ymd(Date.now() - 86_400_000);
      const from = addDays(to, -364);
      const r = await invoke('hoxton_getReportSummary', { monitorId: m.id, from, to, interval: '15m' });
      const s = (r.json as unknown as SummaryJson).results[0].summary;
      assert.ok(Buffer.byteLength(r.text) < 4096, `text is ${Buffer.byteLength(r.text)} bytes`);
      assert.ok(Buffer.byteLength(JSON.stringify(r.json)) < 12_288, `JSON is ${Buffer.byteLength(JSON.stringify(r.json))} bytes`);
      const site = sites.find((x) => x.id === m.site_id)!;
      const data = (await direct.get(
        `/v1/monitors/${m.id}/data?start=${encodeURIComponent(s.range.start)}&end=${encodeURIComponent(s.range.end)}&interval=15m&timezone=${encodeURIComponent(site.timezone)}`,
      )) as Data;
      assert.match(r.text, new RegExp(`Series per month \\(local\\), aggregated from the ${data.buckets.length} 15m buckets`));
      assert.ok(data.buckets.length > 34_000);
      for (const d of data.directions) assert.strictEqual(s.totals[d.id], sumOf(data.buckets, d.id));
      assert.ok(s.series.rows.length <= 13);
    });

    it('returns actionable text for bad input, unknown ids and the range limit', async () => {
      const m = monitors[0];
      const both = await invoke('hoxton_getReportSummary', { monitorId: m.id, reportId: 'r' });
      assert.match(both.text, /^Invalid input: give exactly one of "monitorId", "monitorIds"/);
      const preset = await invoke('hoxton_getReportSummary', { monitorId: m.id, preset: 'last_year' });
      assert.match(preset.text, /^Invalid input: "preset" must be one of/);
      const days = await invoke('hoxton_getReportSummary', { monitorId: m.id, from: '2026-02-30', to: '2026-03-01' });
      assert.match(days.text, /YYYY-MM-DD/);
      const type = await invoke('hoxton_findSitesAndMonitors', { type: 'thermometer' });
      assert.match(type.text, /"type" must be/);
      const missing = await invoke('hoxton_getReportSummary', { monitorId: 'no-such-monitor' });
      assert.match(missing.text, /^Not found \(404\).*hoxton_findSitesAndMonitors/);
      const to = ymd(Date.now());
      const tooLong = await invoke('hoxton_getReportSummary', { monitorId: m.id, from: addDays(to, -399), to, interval: '1d' });
      assert.match(tooLong.text, /422 range_too_large.*366 days/);
      assert.strictEqual((tooLong.json.error as { code: string }).code, 'range_too_large');
    });

    it('names the site a member may not read (403)', async () => {
      const memberId = await signInWithPassword('member@hoxton.test', 'member');
      const member = await directApi('member@hoxton.test', 'member');
      const visible = new Set((await member.all<{ id: string }>('/v1/sites')).map((s) => s.id));
      const hidden = monitors.find((x) => !visible.has(x.site_id))!;
      const r = await invoke('hoxton_getReportSummary', { monitorId: hidden.id, account: memberId });
      assert.match(r.text, new RegExp(`not allowed to read the site of monitor ${hidden.id} \\(403 forbidden\\)`));
      await a.auth.removeSession(memberId);
    });

    it('lists and reads saved reports as the API has them', async () => {
      const all = await direct.all<{ id: string; name: string }>('/v1/reports');
      const r = await invoke('hoxton_listReports', { limit: 200 });
      assert.deepStrictEqual(
        (r.json.reports as { id: string }[]).map((x) => x.id).sort(),
        all
          .slice(0, 200)
          .map((x) => x.id)
          .sort(),
      );
      if (all.length) {
        const one = await invoke('hoxton_listReports', { reportId: all[0].id });
        assert.match(one.text, new RegExp(`report "${all[0].name}" id ${all[0].id}`));
      }
    });

    it('asks for confirmation before a write and creates and changes a saved report', async () => {
      const tool = a.lm.tools.tools().get('hoxton_saveReport')!;
      const m = monitors.find((x) => x.type === 'people_count')!;
      const input = { name: 'Copilot week', monitorId: m.id, preset: 'last_7_days', interval: '1h' };
      const token = new vscode.CancellationTokenSource().token;
      const prepared = await tool.prepareInvocation!({ input }, token);
      assert.ok(prepared?.confirmationMessages, 'a write asks for confirmation');
      assert.match(prepared.confirmationMessages.title, /Create a saved HoxtonAi report/);
      const msg = prepared.confirmationMessages.message;
      assert.match(typeof msg === 'string' ? msg : msg.value, /Copilot week.*last_7_days/);
      for (const name of ['hoxton_listAccounts', 'hoxton_findSitesAndMonitors', 'hoxton_getReportSummary', 'hoxton_listReports']) {
        const p = await a.lm.tools.tools().get(name)!.prepareInvocation!({ input: { monitorId: m.id } }, token);
        assert.ok(p && !p.confirmationMessages && p.invocationMessage, `${name} reads without asking`);
      }

      const created = await tool.invoke({ input, toolInvocationToken: undefined }, token);
      const json = JSON.parse((created!.content[1] as vscode.LanguageModelTextPart).value) as { report: { id: string; version: number } };
      texts.push((created!.content[0] as vscode.LanguageModelTextPart).value);
      const onServer = (await direct.get(`/v1/reports/${json.report.id}`)) as { name: string; monitor_id: string; interval: string };
      assert.deepStrictEqual([onServer.name, onServer.monitor_id, onServer.interval], ['Copilot week', m.id, '1h']);

      const change = { reportId: json.report.id, name: 'Copilot fortnight' };
      const prepChange = await tool.prepareInvocation!({ input: change }, token);
      assert.match(prepChange!.confirmationMessages!.title, /Change a saved HoxtonAi report/);
      await tool.invoke({ input: change, toolInvocationToken: undefined }, token);
      const changed = (await direct.get(`/v1/reports/${json.report.id}`)) as { name: string; version: number };
      assert.strictEqual(changed.name, 'Copilot fortnight');
      assert.strictEqual(changed.version, json.report.version + 1);
      await direct.del(`/v1/reports/${json.report.id}`);
    });

    it('never puts a token or secret in any result', async () => {
      const [account] = await a.auth.listAccounts();
      const access = await a.auth.accessToken(account.id);
      const stored = (await a.secrets.get(`hoxton.auth.account/${account.id}`)) ?? '';
      const refresh = (JSON.parse(stored || '{}') as { refreshToken?: string }).refreshToken;
      assert.ok(texts.length > 20, `results collected: ${texts.length}`);
      for (const t of texts) {
        assert.ok(!t.includes(access), 'no access token');
        if (refresh) assert.ok(!t.includes(refresh), 'no refresh token');
        assert.ok(!t.includes(direct.token), 'no token');
        assert.ok(!/sandbox-acme-secret|Bearer /i.test(t), 'no client secret or bearer header');
      }
    });
  });
});
