// The New/Edit Report wizard in the real extension host: one quick input per step ("title (step/total)"), Back
// returns to the previous step with its earlier answer, wrong input is refused inline, Escape writes nothing. The
// person is scripted through scriptUi (createQuickPick/createInputBox stand-ins); what was saved is read back from
// the sandbox.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { MonitorNode, ReportNode, SiteNode } from '../../src/views/nodes';
import { BACK, api, children, requestLog, resetStats, scriptUi, signInWithPassword, type UiScript } from './helpers';

/** As the quick input shows a name from a server: between bidi isolates (U+2068 … U+2069). */
const isolated = (s: string) => `\u2068${s}\u2069`;

describe('Report wizard (quick input steps)', function () {
  this.timeout(90_000);
  let a: TestingApi;
  let monitor: MonitorNode;

  before(async () => {
    a = await api();
    if ((await a.auth.listAccounts()).length === 0) await signInWithPassword('demo@hoxton.test', 'demo');
    // Every account's organisation: earlier suites may leave a second account signed in, listed first.
    search: for (const root of await children(a)) {
      for (const site of (await children(a, root)) as SiteNode[]) {
        const found = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.directions.length > 1);
        if (found) {
          monitor = found;
          break search;
        }
      }
    }
    assert.ok(monitor, `a monitor with two or more directions, in ${(await children(a)).length} account(s)`);
  });

  async function run(command: string, arg: unknown, script: UiScript) {
    const ui = scriptUi(script);
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand(command, arg);
    } finally {
      ui.restore(); // throws when a scripted answer could not be given
    }
    return { ui, result };
  }

  it('numbers its steps, goes Back with the earlier answers kept, refuses wrong dates inline, and saves the last answers', async () => {
    await resetStats();
    const title = `New report for ${isolated(monitor.monitor.name)}`;
    const { ui, result } = await run('hoxton.newReport', monitor, {
      inputs: [
        'Back test',
        'Back test 2',
        { refused: '2026-1-5' },
        '2026-10-01',
        { refused: '2026-09-30' },
        '2026-10-07',
        { refused: 'last year' },
        '2025-10-02',
        '2025-10-02',
      ],
      picks: ['Last 7 days', BACK, BACK, 'Custom dates…', '1 hour', BACK, '1 day', 'Custom…', BACK, (items) => items.slice(0, 1)],
    });
    const id = result as string | undefined;
    assert.ok(id, `a report was created: ${ui.messages.join(' | ')}`);

    // What the person saw, step by step.
    assert.deepStrictEqual(
      ui.steps.map((s) => s.title),
      [
        `${title} (1/5)`, // 0 name
        `${title} (2/5)`, // 1 range: Last 7 days
        `${title} (3/5)`, // 2 interval: Back
        `${title} (2/5)`, // 3 range again: Back
        `${title} (1/5)`, // 4 name again: a new name
        `${title} (2/5)`, // 5 range: Custom dates… (two more steps)
        `${title} (3/7)`, // 6 first day: refused, then accepted
        `${title} (3/7)`,
        `${title} (4/7)`, // 8 last day: refused, then accepted
        `${title} (4/7)`,
        `${title} (5/7)`, // 10 interval: 1 hour
        `${title} (6/7)`, // 11 compare: Back
        `${title} (5/7)`, // 12 interval again: 1 day
        `${title} (6/7)`, // 13 compare: Custom… (one more step)
        `${title} (7/8)`, // 14 the comparison's first day: refused, then accepted
        `${title} (7/8)`,
        `${title} (8/8)`, // 16 directions: Back
        `${title} (7/8)`, // 17 the comparison's first day again: the same day
        `${title} (8/8)`, // 18 directions: the first one
      ],
    );
    assert.deepStrictEqual(
      ui.steps.map((s) => s.back),
      ui.steps.map((_, i) => i !== 0 && i !== 4),
      'Back on every step but the first',
    );
    assert.strictEqual(ui.steps[3].kind, 'pick');
    assert.deepStrictEqual(ui.steps[3].active, ['Last 7 days'], 'the range step again starts on the earlier answer');
    assert.strictEqual(ui.steps[4].value, 'Back test', 'the name step again shows the earlier name');
    assert.strictEqual(ui.steps[8].value, '2026-10-01', 'the last day starts as the first day');
    assert.deepStrictEqual(ui.steps[11].active, ['None'], 'a new report compares with nothing until asked');
    assert.deepStrictEqual(
      ui.steps[11].items,
      ['None', 'Previous period', 'Same period last year', 'Custom…'],
      'the comparisons the panel offers',
    );
    assert.deepStrictEqual(ui.steps[12].active, ['1 hour'], 'the interval step again starts on the earlier answer');
    assert.strictEqual(ui.steps[17].value, '2025-10-02', "the comparison's first day again shows the earlier answer");
    assert.deepStrictEqual(ui.steps[18].selected, ui.steps[16].items, 'directions start with all of them chosen');
    assert.deepStrictEqual(ui.refusals, [
      'Use the form YYYY-MM-DD, for example 2026-11-01.',
      'The last day must not be before the first.',
      'Use the form YYYY-MM-DD, for example 2026-11-01.',
    ]);

    // One request wrote the report, with the last answers.
    assert.strictEqual((await requestLog('POST /v1/reports')).length, 1, 'one POST');
    const client = a.connections.client(monitor.accountId);
    const saved = await client.getReport(id);
    try {
      assert.strictEqual(saved.name, 'Back test 2');
      assert.strictEqual(saved.interval, '1d');
      assert.deepStrictEqual(saved.directions, [monitor.monitor.directions[0].id]);
      assert.ok('start' in saved.range, JSON.stringify(saved.range));
      assert.ok(saved.range.start.startsWith('2026-10-01T00:00:00'), saved.range.start);
      assert.ok(saved.range.end.startsWith('2026-10-08T00:00:00'), `the last day is included: ${saved.range.end}`);
      assert.deepStrictEqual(saved.compare, { kind: 'custom', start: '2025-10-02' }, 'the comparison is saved with the report');
    } finally {
      await client.deleteReport(id);
    }
  });

  it('Edit starts on the range with the current values and no Back; Escape on any step writes nothing', async () => {
    const client = a.connections.client(monitor.accountId);
    const report = await client.createReport({
      name: 'Escape test',
      monitor_id: monitor.monitor.id,
      range: { preset: 'last_30_days' },
      interval: '1d',
      directions: null,
      compare: { kind: 'previous' },
    });
    try {
      a.tree.reloadReports(monitor);
      const node = (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report' && n.report.id === report.id);
      assert.ok(node, 'the report is in the tree');
      await resetStats();

      const edit = await run('hoxton.editReport', node, { picks: [undefined] });
      assert.deepStrictEqual(
        edit.ui.steps.map((s) => [s.title, s.back, s.active]),
        [[`Edit ${isolated('Escape test')} (1/4)`, false, ['Last 30 days']]],
      );

      // Escape on each step of New Report in turn: name, range, first day, last day, interval, compare, the
      // comparison's first day, directions.
      const escapes: UiScript[] = [
        { inputs: [undefined] },
        { inputs: ['Never saved'], picks: [undefined] },
        { inputs: ['Never saved', undefined], picks: ['Custom dates…'] },
        { inputs: ['Never saved', '2026-10-01', undefined], picks: ['Custom dates…'] },
        { inputs: ['Never saved'], picks: ['Today', undefined] },
        { inputs: ['Never saved'], picks: ['Today', '1 hour', undefined] },
        { inputs: ['Never saved', undefined], picks: ['Today', '1 hour', 'Custom…'] },
        { inputs: ['Never saved'], picks: ['Today', '1 hour', 'None', undefined] },
      ];
      for (const [i, script] of escapes.entries()) {
        const { ui, result } = await run('hoxton.newReport', monitor, script);
        assert.strictEqual(result, undefined, `escape ${i}`);
        assert.strictEqual(ui.steps.length, (script.inputs?.length ?? 0) + (script.picks?.length ?? 0), `escape ${i}: steps shown`);
      }
      const writes = (await requestLog()).filter((r) => r.method !== 'GET' && r.path.startsWith('/v1/'));
      assert.deepStrictEqual(writes, [], 'no request but reads');
      assert.strictEqual((await client.getReport(report.id)).version, report.version, 'the edited report is unchanged');

      // Edit starts the comparison on the saved one, says it is the current one, and saves "None" as no comparison.
      const node2 = (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report' && n.report.id === report.id);
      assert.ok(node2);
      const cleared = await run('hoxton.editReport', node2, { picks: ['Last 30 days', '1 day', 'None', (items) => [...items]] });
      const compareStep = cleared.ui.steps[2];
      assert.strictEqual(compareStep.title, `Edit ${isolated('Escape test')} (3/4)`);
      assert.deepStrictEqual(compareStep.active, ['Previous period']);
      const saved = await client.getReport(report.id);
      assert.strictEqual(saved.version, report.version + 1, 'one update');
      assert.ok(saved.compare === null || saved.compare === undefined, `no comparison: ${JSON.stringify(saved.compare)}`);
    } finally {
      await client.deleteReport(report.id);
    }
  });
});
