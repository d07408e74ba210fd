// Language-model tools (Copilot agent mode, `#hoxton…` references): accounts, finding sites and monitors, report
// summaries, saved reports, and saving a report (with a confirmation). Declared in package.json
// (`contributes.languageModelTools`: names, descriptions, input schemas); registered here. Every result is a compact
// text part written for a model plus a JSON text part; every error is returned as text the model can act on. No
// result ever holds a token or secret: only ids, names and counts from the API.
import * as vscode from 'vscode';
import { HoxtonApiError } from '../api/errors';
import type { HoxtonClient } from '../api/client';
import type { Monitor, Report, ReportInput, ReportPatch, Site } from '../api/types';
import type { HoxtonAuthProvider } from '../auth/provider';
import { reportUri } from '../documents/reportUri';
import type { Connections } from '../reports/connections';
import type { ReportService } from '../reports/service';
import type { ReportTarget } from '../reports/target';
import {
  defaultInterval,
  isInterval,
  isLocalDay,
  isRangePreset,
  rangeDays,
  rangeFromDays,
  resolveRange,
  type Interval,
  type RangeSpec,
} from '../shared/range';
import { redact } from '../util/redact';
import type { ThresholdStore } from '../live/thresholds';
import { summarise, summaryText, type Summary } from './summary';

const TOOL_NAMES = {
  accounts: 'hoxton_listAccounts',
  find: 'hoxton_findSitesAndMonitors',
  summary: 'hoxton_getReportSummary',
  reports: 'hoxton_listReports',
  save: 'hoxton_saveReport',
} as const;

export interface ToolDeps {
  auth: HoxtonAuthProvider;
  connections: Connections;
  reports: ReportService;
  /** Alert thresholds per monitor (#14): the summary's time above the threshold uses the monitor's own. */
  thresholds: Pick<ThresholdStore, 'get'>;
}

type Obj = Record<string, unknown>;

/** Bad input from the model: the message says what to send instead. */
class InputError extends Error {}

const MAX_FIND = 200;
const MAX_MONITORS = 10;

// ---- results ----
function result(text: string, json: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([
    new vscode.LanguageModelTextPart(text),
    new vscode.LanguageModelTextPart(JSON.stringify(json)),
  ]);
}

/** Any failure as text a model can act on (and a JSON part with the code). */
function errorResult(e: unknown, what: { site?: string; monitor?: string } = {}): vscode.LanguageModelToolResult {
  let text: string;
  let code: string;
  if (e instanceof InputError) {
    text = `Invalid input: ${e.message}`;
    code = 'invalid_input';
  } else if (e instanceof NotSignedIn) {
    text =
      'No HoxtonAi account is signed in. Ask the user to run the command "Hoxton: Sign In" (command id hoxton.signIn) ' +
      'from the Command Palette or the Hoxton view, then try again.';
    code = 'not_signed_in';
  } else if (e instanceof HoxtonApiError) {
    code = e.code;
    const server = redact(e.message);
    if (e.kind === 'auth' || e.status === 401) {
      text = 'The HoxtonAi session has ended. Ask the user to run "Hoxton: Sign In" (hoxton.signIn) again, then retry.';
    } else if (e.status === 403) {
      const which = what.site ? `site "${what.site}"` : what.monitor ? `the site of monitor ${what.monitor}` : 'this site or monitor';
      text = `This account is not allowed to read ${which} (403 forbidden). Use hoxton_findSitesAndMonitors to see the sites this account can read, or ask the user for access.`;
    } else if (e.status === 404) {
      text = `Not found (404): ${server}. Use hoxton_findSitesAndMonitors or hoxton_listReports to get valid ids.`;
    } else if (e.status === 422) {
      text = `HoxtonAi refused the range (422 ${e.code}): ${server}. Limits: at most 366 days per request and at most 35,136 buckets (366 days at 15m); use a shorter range or the 1h or 1d interval.`;
    } else if (e.status === 409) {
      text = `The saved report changed elsewhere (409). Read it again with hoxton_listReports and retry with the current values.`;
    } else if (e.kind === 'invalid') {
      text = `Request refused before sending: ${server}`;
    } else {
      text = `HoxtonAi request failed (${e.status ?? e.kind}): ${server}. Trying again later may help${e.transient ? '' : ' only if the problem is fixed'}.`;
    }
  } else {
    text = `Unexpected error: ${redact(e instanceof Error ? e.message : String(e))}`;
    code = 'error';
  }
  return result(text, { error: { code, message: text } });
}

class NotSignedIn extends Error {}

// ---- input helpers ----
function obj(input: unknown): Obj {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new InputError('the input must be a JSON object.');
  return input as Obj;
}
function optString(o: Obj, key: string, max = 200): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > max) throw new InputError(`"${key}" must be a string of at most ${max} characters.`);
  return v;
}
function optInt(o: Obj, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new InputError(`"${key}" must be an integer from ${min} to ${max}.`);
  return v;
}
function optBool(o: Obj, key: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new InputError(`"${key}" must be true or false.`);
  return v;
}
function optInterval(o: Obj): Interval | undefined {
  const v = o.interval;
  if (v === undefined || v === null) return undefined;
  if (!isInterval(v)) throw new InputError('"interval" must be "15m", "1h" or "1d".');
  return v;
}
function optStringList(o: Obj, key: string, maxItems: number): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (
    !Array.isArray(v) ||
    v.length === 0 ||
    v.length > maxItems ||
    !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200)
  ) {
    throw new InputError(`"${key}" must be a list of 1 to ${maxItems} ids.`);
  }
  return v as string[];
}

/** The range the input asks for: a preset, or local days `from`..`to` (both included) in the site's time zone. */
function rangeInput(o: Obj): { preset?: RangeSpec; from?: string; to?: string } | undefined {
  const preset = o.preset;
  const from = o.from;
  const to = o.to;
  if (preset !== undefined && preset !== null) {
    if (!isRangePreset(preset)) {
      throw new InputError('"preset" must be one of today, yesterday, last_7_days, last_30_days, this_month, last_month.');
    }
    if (from !== undefined || to !== undefined) throw new InputError('give either "preset" or "from"/"to", not both.');
    return { preset: { preset } };
  }
  if (from === undefined && to === undefined) return undefined;
  if (typeof from !== 'string' || !isLocalDay(from) || typeof to !== 'string' || !isLocalDay(to)) {
    throw new InputError('"from" and "to" must both be days written YYYY-MM-DD (both included, in the site\'s time zone).');
  }
  if (from > to) throw new InputError('"from" must not be after "to".');
  return { from, to };
}

function rangeIn(r: NonNullable<ReturnType<typeof rangeInput>>, timezone: string): RangeSpec {
  if (r.preset) return r.preset;
  const custom = rangeFromDays(r.from!, r.to!, timezone);
  if (!custom) throw new InputError('"from"/"to" do not form a range.');
  return custom;
}

/** A sensible interval for a range nobody chose one for: 15 minutes up to 2 days, hours up to 31, else days. */
function intervalFor(range: RangeSpec, timezone: string): Interval {
  if ('preset' in range) return defaultInterval(range.preset);
  const { start, end } = resolveRange(range, timezone);
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  return days <= 2 ? '15m' : days <= 31 ? '1h' : '1d';
}

function addDays(ymd: string, k: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + k)).toISOString().slice(0, 10);
}

/** The same number of local days just before the range. */
function previousRange(range: RangeSpec, timezone: string): RangeSpec | undefined {
  const days = rangeDays(resolveRange(range, timezone) as { start: string; end: string });
  if (!days) return undefined;
  const n = Math.round((Date.parse(`${days.last}T00:00:00Z`) - Date.parse(`${days.first}T00:00:00Z`)) / 86_400_000) + 1;
  return rangeFromDays(addDays(days.first, -n), addDays(days.first, -1), timezone);
}

// ---- the tools ----
interface Account {
  id: string;
  label: string;
  orgName: string;
}

export class HoxtonTools {
  constructor(private readonly deps: ToolDeps) {}

  /** The account the input names (id, label or organisation), else the first signed-in one. */
  private async account(o: Obj): Promise<{ account: Account; client: HoxtonClient; others: number }> {
    const accounts = await this.deps.auth.listAccounts();
    if (!accounts.length) throw new NotSignedIn();
    const wanted = optString(o, 'account', 500);
    let account = accounts[0];
    if (wanted) {
      const w = wanted.toLowerCase();
      const found = accounts.find((a) => a.id === wanted || a.label.toLowerCase() === w || a.orgName.toLowerCase() === w);
      if (!found) {
        throw new InputError(
          `no signed-in account "${wanted}"; signed in: ${accounts.map((a) => `${a.label} (${a.orgName})`).join(', ')}.`,
        );
      }
      account = found;
    }
    return { account, client: this.deps.connections.client(account.id), others: accounts.length - 1 };
  }

  async listAccounts(): Promise<vscode.LanguageModelToolResult> {
    try {
      const accounts = await this.deps.auth.listAccounts();
      if (!accounts.length) throw new NotSignedIn();
      const rows = await Promise.all(
        accounts.map(async (a) => {
          try {
            const org = await this.deps.connections.client(a.id).getOrganisation();
            return { account: a.id, label: a.label, organisation: { id: org.id, name: org.name, timezone: org.timezone } };
          } catch {
            return { account: a.id, label: a.label, organisation: { id: null, name: a.orgName, timezone: null } };
          }
        }),
      );
      const text = [
        `${rows.length} HoxtonAi account(s) signed in (pass "account" to the other hoxton tools to choose one; the first is used otherwise):`,
        ...rows.map(
          (r) =>
            `- ${r.label}: organisation "${r.organisation.name}"${r.organisation.id ? ` (id ${r.organisation.id}, time zone ${r.organisation.timezone})` : ''}`,
        ),
      ].join('\n');
      return result(text, { accounts: rows });
    } catch (e) {
      return errorResult(e);
    }
  }

  async find(input: unknown): Promise<vscode.LanguageModelToolResult> {
    try {
      const o = obj(input);
      const query = optString(o, 'query')?.toLowerCase();
      const type = o.type;
      if (type !== undefined && type !== null && type !== 'people_count' && type !== 'occupancy') {
        throw new InputError('"type" must be "people_count" or "occupancy".');
      }
      const siteQuery = optString(o, 'site')?.toLowerCase();
      const kind = o.kind ?? 'both';
      if (kind !== 'sites' && kind !== 'monitors' && kind !== 'both') throw new InputError('"kind" must be "sites", "monitors" or "both".');
      const limit = optInt(o, 'limit', 1, MAX_FIND) ?? 50;
      const offset = optInt(o, 'offset', 0, 1_000_000) ?? 0;
      const { account, client } = await this.account(o);
      const sites = await client.all<Site>((cursor) => client.listSites({ cursor, limit: 500 }));
      const siteMatches = (s: Site) => !siteQuery || s.id === siteQuery || s.name.toLowerCase().includes(siteQuery);
      const chosenSites = sites.filter(siteMatches);
      const items: (
        | { kind: 'site'; id: string; name: string; timezone: string }
        | {
            kind: 'monitor';
            id: string;
            name: string;
            type: string;
            siteId: string;
            site: string;
            capacity: number | null;
            directions: string[];
          }
      )[] = [];
      if (kind !== 'monitors' && !type) {
        for (const s of chosenSites)
          if (!query || s.name.toLowerCase().includes(query)) items.push({ kind: 'site', id: s.id, name: s.name, timezone: s.timezone });
      }
      if (kind !== 'sites') {
        const byId = new Map(sites.map((s) => [s.id, s]));
        const monitors = await client.all<Monitor>((cursor) =>
          client.listMonitors({ cursor, limit: 500, type: (type as Monitor['type']) ?? undefined }),
        );
        for (const m of monitors) {
          const s = byId.get(m.site_id);
          if (siteQuery && !(s && siteMatches(s))) continue;
          if (query && !m.name.toLowerCase().includes(query) && !(s && s.name.toLowerCase().includes(query))) continue;
          items.push({
            kind: 'monitor',
            id: m.id,
            name: m.name,
            type: m.type,
            siteId: m.site_id,
            site: s?.name ?? '',
            capacity: m.capacity,
            directions: m.directions.map((d) => d.id),
          });
        }
      }
      const page = items.slice(offset, offset + limit);
      const next = offset + limit < items.length ? offset + limit : null;
      const lines = page.map((i) =>
        i.kind === 'site'
          ? `- site "${i.name}" id ${i.id} (time zone ${i.timezone})`
          : `- monitor "${i.name}" id ${i.id}, ${i.type}${i.capacity !== null ? `, capacity ${i.capacity}` : ''}, site "${i.site}" (${i.siteId}), directions ${i.directions.join('/')}`,
      );
      const text = [
        `${items.length} match(es) in organisation "${account.orgName}"; showing ${page.length} from offset ${offset}.` +
          (next !== null ? ` More: call again with "offset": ${next}.` : ''),
        ...lines,
      ].join('\n');
      return result(text, { account: account.id, total: items.length, offset, nextOffset: next, items: page });
    } catch (e) {
      return errorResult(e);
    }
  }

  /** A target for a monitor (names and time zone from the API). */
  private async monitorTarget(
    client: HoxtonClient,
    account: Account,
    monitorId: string,
    sites: () => Promise<Site[]>,
  ): Promise<Omit<ReportTarget, 'range' | 'interval' | 'directions' | 'report'>> {
    const m = await client.getMonitor(monitorId);
    const site = (await sites()).find((s) => s.id === m.site_id);
    if (!site)
      throw new HoxtonApiError('http', 'GET /v1/sites', `site ${m.site_id} of monitor ${m.name} is not readable`, 403, 'forbidden');
    return {
      accountId: account.id,
      orgName: account.orgName,
      monitor: {
        id: m.id,
        name: m.name,
        type: m.type,
        capacity: m.capacity,
        directions: m.directions.map((d) => ({ id: d.id, name: d.name })),
      },
      site: { id: site.id, name: site.name, timezone: site.timezone },
    };
  }

  async summary(input: unknown): Promise<vscode.LanguageModelToolResult> {
    let siteName: string | undefined;
    let monitorName: string | undefined;
    try {
      const o = obj(input);
      const monitorId = optString(o, 'monitorId');
      const monitorIds = optStringList(o, 'monitorIds', MAX_MONITORS);
      const reportId = optString(o, 'reportId');
      const asked = [monitorId, monitorIds, reportId].filter((v) => v !== undefined).length;
      if (asked !== 1)
        throw new InputError(
          'give exactly one of "monitorId", "monitorIds" (up to 10) or "reportId". Find ids with hoxton_findSitesAndMonitors or hoxton_listReports.',
        );
      const range = rangeInput(o);
      const interval = optInterval(o);
      const compare = optBool(o, 'compare');
      const { account, client } = await this.account(o);
      let sitesP: Promise<Site[]> | undefined;
      const sites = () => (sitesP ??= client.all<Site>((cursor) => client.listSites({ cursor, limit: 500 })));

      const targets: ReportTarget[] = [];
      if (reportId) {
        const r = await client.getReport(reportId);
        const base = await this.monitorTarget(client, account, r.monitor_id, sites);
        const report = {
          id: r.id,
          name: r.name,
          version: r.version,
          range: r.range,
          interval: r.interval,
          directions: r.directions ?? null,
        };
        const chosen = range ? rangeIn(range, base.site.timezone) : r.range;
        targets.push({
          ...base,
          report,
          range: chosen,
          interval: interval ?? (range ? intervalFor(chosen, base.site.timezone) : r.interval),
          directions: report.directions,
        });
      } else {
        for (const id of monitorIds ?? [monitorId!]) {
          [monitorName, siteName] = [id, undefined];
          const base = await this.monitorTarget(client, account, id, sites);
          const chosen = range ? rangeIn(range, base.site.timezone) : { preset: 'last_7_days' as const };
          targets.push({
            ...base,
            report: null,
            range: chosen,
            interval: interval ?? intervalFor(chosen, base.site.timezone),
            directions: null,
          });
        }
      }

      const texts: string[] = [];
      const results: { summary: Summary; uri: string; target: ReportTarget; title: string }[] = [];
      for (const t of targets) {
        [monitorName, siteName] = [t.monitor.id, t.site.name];
        const data = await this.deps.reports.data(t);
        let previous;
        if (compare) {
          const prev = previousRange(t.range, t.site.timezone);
          if (prev) previous = await this.deps.reports.data({ ...t, report: null, range: prev });
        }
        const s = summarise(data, previous, this.deps.thresholds.get(t.accountId, t.monitor.id));
        const uri = reportUri(t).toString();
        const title = t.report ? t.report.name : `${t.monitor.name}`;
        texts.push((t.report ? `Saved report "${t.report.name}" (id ${t.report.id}).\n` : '') + summaryText(s, { site: t.site.name, uri }));
        results.push({ summary: s, uri, target: t, title });
      }
      return result(texts.join('\n\n'), { account: account.id, results });
    } catch (e) {
      return errorResult(e, { site: siteName, monitor: monitorName });
    }
  }

  async listReports(input: unknown): Promise<vscode.LanguageModelToolResult> {
    try {
      const o = obj(input);
      const reportId = optString(o, 'reportId');
      const monitorId = optString(o, 'monitorId');
      const siteId = optString(o, 'siteId');
      const limit = optInt(o, 'limit', 1, MAX_FIND) ?? 100;
      const { account, client } = await this.account(o);
      const describe = (r: Report) =>
        `- report "${r.name}" id ${r.id}, monitor ${r.monitor_id}, site ${r.site_id}, range ${'preset' in r.range ? r.range.preset : `${r.range.start} to ${r.range.end} (end exclusive)`}, interval ${r.interval}, directions ${r.directions ? r.directions.join('/') : 'all'}, version ${r.version}, updated ${r.updated_at}`;
      if (reportId) {
        const r = await client.getReport(reportId);
        return result(`Saved report:\n${describe(r)}\nGet its data with hoxton_getReportSummary {"reportId": "${r.id}"}.`, {
          account: account.id,
          report: r,
        });
      }
      const reports: Report[] = [];
      for await (const page of client.pages<Report>((cursor) =>
        client.listReports({ cursor, monitorId, siteId, limit: Math.min(500, limit) }),
      )) {
        reports.push(...page);
        if (reports.length >= limit) break;
      }
      const shown = reports.slice(0, limit);
      const text = [
        `${shown.length} saved report(s) in "${account.orgName}"${reports.length > limit ? ` (first ${limit}; narrow with monitorId or siteId)` : ''}:`,
        ...shown.map(describe),
      ].join('\n');
      return result(text, { account: account.id, reports: shown });
    } catch (e) {
      return errorResult(e);
    }
  }

  /** What a save would do, checked: create (name, monitorId, range, interval) or change (reportId + fields). */
  private saveRequest(input: unknown): {
    reportId?: string;
    name?: string;
    monitorId?: string;
    range?: RangeSpec;
    interval?: Interval;
    directions?: string[] | null;
    o: Obj;
  } {
    const o = obj(input);
    const reportId = optString(o, 'reportId');
    const name = optString(o, 'name');
    const monitorId = optString(o, 'monitorId');
    const preset = o.preset;
    let range: RangeSpec | undefined;
    if (preset !== undefined && preset !== null) {
      if (!isRangePreset(preset))
        throw new InputError('"preset" must be one of today, yesterday, last_7_days, last_30_days, this_month, last_month.');
      range = { preset };
    } else if (o.from !== undefined || o.to !== undefined) {
      throw new InputError(
        'saved reports take a "preset" range (custom days are resolved in the site\'s time zone by the summary tool only).',
      );
    }
    const interval = optInterval(o);
    const directions = o.directions === null ? null : optStringList(o, 'directions', 20);
    if (!reportId) {
      if (!name || !monitorId || !range)
        throw new InputError(
          'to create a report give "name", "monitorId" and "preset" (and optionally "interval", "directions"); to change one give "reportId".',
        );
    } else if (monitorId) {
      throw new InputError("a saved report's monitor cannot be changed; create a new report instead.");
    } else if (name === undefined && range === undefined && interval === undefined && directions === undefined) {
      throw new InputError('give at least one of "name", "preset", "interval", "directions" to change.');
    }
    return { reportId, name, monitorId, range, interval, directions, o };
  }

  prepareSave(input: unknown): vscode.PreparedToolInvocation {
    let r;
    try {
      r = this.saveRequest(input);
    } catch {
      return { invocationMessage: vscode.l10n.t('Checking the report to save') };
    }
    const parts = [
      r.name !== undefined ? vscode.l10n.t('name "{0}"', r.name) : undefined,
      r.monitorId ? vscode.l10n.t('monitor {0}', r.monitorId) : undefined,
      r.range && 'preset' in r.range ? vscode.l10n.t('range {0}', r.range.preset) : undefined,
      r.interval ? vscode.l10n.t('interval {0}', r.interval) : undefined,
      r.directions !== undefined
        ? vscode.l10n.t('directions {0}', r.directions ? r.directions.join(', ') : vscode.l10n.t('all'))
        : undefined,
    ].filter(Boolean);
    return r.reportId
      ? {
          invocationMessage: vscode.l10n.t('Changing saved report {0}', r.reportId),
          confirmationMessages: {
            title: vscode.l10n.t('Change a saved HoxtonAi report?'),
            message: new vscode.MarkdownString(
              vscode.l10n.t('Change saved report {0}: {1}. Everyone in the organisation sees the change.', r.reportId, parts.join('; ')),
            ),
          },
        }
      : {
          invocationMessage: vscode.l10n.t('Creating saved report "{0}"', r.name ?? ''),
          confirmationMessages: {
            title: vscode.l10n.t('Create a saved HoxtonAi report?'),
            message: new vscode.MarkdownString(
              vscode.l10n.t('Create a saved report with {0}. Everyone in the organisation sees it.', parts.join('; ')),
            ),
          },
        };
  }

  async save(input: unknown): Promise<vscode.LanguageModelToolResult> {
    try {
      const r = this.saveRequest(input);
      const { account, client } = await this.account(r.o);
      let saved: Report;
      if (r.reportId) {
        const current = await client.getReport(r.reportId);
        const patch: ReportPatch = {};
        if (r.name !== undefined) patch.name = r.name;
        if (r.range) patch.range = r.range;
        if (r.interval) patch.interval = r.interval;
        if (r.directions !== undefined) patch.directions = r.directions;
        saved = await client.updateReport(current.id, current.version, patch);
      } else {
        const body: ReportInput = {
          name: r.name!,
          monitor_id: r.monitorId!,
          range: r.range!,
          interval: r.interval ?? ('preset' in r.range! ? defaultInterval(r.range.preset) : '1h'),
        };
        if (r.directions !== undefined) body.directions = r.directions;
        saved = await client.createReport(body);
      }
      const verb = r.reportId ? 'Changed' : 'Created';
      return result(
        `${verb} saved report "${saved.name}" id ${saved.id} (version ${saved.version}) on monitor ${saved.monitor_id}. Summarise it with hoxton_getReportSummary {"reportId": "${saved.id}"}.`,
        {
          account: account.id,
          report: saved,
        },
      );
    } catch (e) {
      return errorResult(e);
    }
  }

  // ---- registration ----
  /** The tool objects by name (registered with VS Code; the test API hands them to tests). */
  tools(): Map<string, vscode.LanguageModelTool<unknown>> {
    const message = (text: string) => ({ invocationMessage: text });
    const describeTarget = (input: unknown) => {
      const o = (input ?? {}) as Obj;
      const what = o.reportId
        ? vscode.l10n.t('saved report {0}', String(o.reportId))
        : o.monitorIds
          ? vscode.l10n.t('{0} monitors', (o.monitorIds as unknown[]).length)
          : vscode.l10n.t('monitor {0}', String(o.monitorId ?? ''));
      const range = o.preset ? String(o.preset) : o.from ? `${String(o.from)} – ${String(o.to)}` : '';
      return range ? `${what}, ${range}` : what;
    };
    return new Map<string, vscode.LanguageModelTool<unknown>>([
      [
        TOOL_NAMES.accounts,
        { invoke: () => this.listAccounts(), prepareInvocation: () => message(vscode.l10n.t('Reading the signed-in HoxtonAi accounts')) },
      ],
      [
        TOOL_NAMES.find,
        {
          invoke: (o) => this.find(o.input),
          prepareInvocation: (o) =>
            message(vscode.l10n.t('Finding HoxtonAi sites and monitors matching "{0}"', String((o.input as Obj | undefined)?.query ?? ''))),
        },
      ],
      [
        TOOL_NAMES.summary,
        {
          invoke: (o) => this.summary(o.input),
          prepareInvocation: (o) => message(vscode.l10n.t('Reading HoxtonAi report data: {0}', describeTarget(o.input))),
        },
      ],
      [
        TOOL_NAMES.reports,
        { invoke: (o) => this.listReports(o.input), prepareInvocation: () => message(vscode.l10n.t('Reading HoxtonAi saved reports')) },
      ],
      [TOOL_NAMES.save, { invoke: (o) => this.save(o.input), prepareInvocation: (o) => this.prepareSave(o.input) }],
    ]);
  }
}

export function registerTools(tools: HoxtonTools): vscode.Disposable[] {
  // Older hosts (or ones without chat) have no lm namespace: nothing else depends on the tools being there.
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return [...tools.tools()].map(([name, tool]) => vscode.lm.registerTool(name, tool));
}
