// From a tree node to what the panel and the JSON document open.
import { quickRangeTarget, type ReportTarget, type TargetBase } from '../reports/target';
import type { MonitorNode, Node } from './nodes';
import { parseCompare } from '../shared/compare';

export function targetFromNode(node: Node): ReportTarget | undefined {
  if (node.kind !== 'report' && node.kind !== 'range') return undefined;
  const base = baseOf(node.parent);
  if (node.kind === 'range') return quickRangeTarget(base, node.preset);
  const r = node.report;
  const directions = r.directions ?? null;
  const compare = parseCompare(r.compare) ?? null;
  return {
    ...base,
    report: {
      id: r.id,
      name: r.name,
      version: r.version,
      range: r.range,
      interval: r.interval,
      directions,
      ...(compare ? { compare } : {}),
    },
    range: r.range,
    interval: r.interval,
    directions,
    ...(compare ? { compare } : {}),
  };
}

/** A report or range node's target; a monitor node's "Last 7 days" (what Copy as code copies for a monitor). */
export function targetFromAnyNode(node: Node): ReportTarget | undefined {
  return node.kind === 'monitor' ? quickRangeTarget(baseOf(node), 'last_7_days') : targetFromNode(node);
}

export function baseOf(m: MonitorNode): TargetBase {
  const site = m.parent.site;
  const account = m.parent.parent;
  return {
    accountId: m.accountId,
    monitor: {
      id: m.monitor.id,
      name: m.monitor.name,
      type: m.monitor.type,
      capacity: m.monitor.capacity,
      directions: m.monitor.directions,
    },
    site: { id: site.id, name: site.name, timezone: site.timezone },
    orgName: account.org?.name ?? account.orgName,
  };
}
