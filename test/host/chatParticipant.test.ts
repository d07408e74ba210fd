// The @hoxton chat participant's handler in the real extension host, with a scripted stand-in for the person's model
// (a test double of LanguageModelChat that calls the tools in a fixed order and then answers from their results).
// The tools run for real against the sandbox; the checks compare with the sandbox's own JSON.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { parseTarget } from '../../src/reports/target';
import { directApi, type Data } from './direct';
import { api, signInWithPassword, signOutAll } from './helpers';

interface Recorded {
  markdown: string[];
  progress: string[];
  anchors: { uri: string; title?: string }[];
  buttons: vscode.Command[];
}

function recorder(): { stream: vscode.ChatResponseStream; seen: Recorded } {
  const seen: Recorded = { markdown: [], progress: [], anchors: [], buttons: [] };
  const stream = {
    markdown: (v: string | vscode.MarkdownString) => void seen.markdown.push(typeof v === 'string' ? v : v.value),
    progress: (v: string) => void seen.progress.push(v),
    anchor: (v: vscode.Uri | vscode.Location, title?: string) =>
      void seen.anchors.push({ uri: (v instanceof vscode.Uri ? v : v.uri).toString(), title }),
    button: (c: vscode.Command) => void seen.buttons.push(c),
    reference: () => undefined,
    filetree: () => undefined,
    push: () => undefined,
  } as unknown as vscode.ChatResponseStream;
  return { stream, seen };
}

/** The text of the last tool result in the conversation: [summary text, JSON]. */
function lastToolResult(messages: vscode.LanguageModelChatMessage[]): [string, Record<string, unknown>] {
  for (const m of [...messages].reverse()) {
    for (const p of m.content) {
      if (p instanceof vscode.LanguageModelToolResultPart) {
        const values = p.content.map((c) => (c as { value?: string }).value ?? '');
        return [values[0], JSON.parse(values[1]) as Record<string, unknown>];
      }
    }
  }
  throw new Error('no tool result yet');
}

describe('@hoxton chat participant', function () {
  this.timeout(60_000);
  let a: TestingApi;

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
  });
  after(() => signOutAll());

  it('/compare: runs the tools the model calls, streams progress and answers with a hoxton: link and an Open Report button', async () => {
    const direct = await directApi('demo@hoxton.test', 'demo');
    const monitor = (await direct.all<{ id: string; name: string; site_id: string; type: string }>('/v1/monitors')).find(
      (m) => m.type === 'people_count',
    )!;
    const sent: { messages: vscode.LanguageModelChatMessage[]; options?: vscode.LanguageModelChatRequestOptions }[] = [];
    const script = [
      () => [
        new vscode.LanguageModelTextPart('Looking for the monitor. '),
        new vscode.LanguageModelToolCallPart('c1', 'hoxton_findSitesAndMonitors', { query: monitor.name, kind: 'monitors' }),
      ],
      (messages: vscode.LanguageModelChatMessage[]) => {
        const [, json] = lastToolResult(messages);
        const found = (json.items as { id: string }[])[0];
        return [
          new vscode.LanguageModelToolCallPart('c2', 'hoxton_getReportSummary', {
            monitorId: found.id,
            preset: 'last_7_days',
            interval: '1d',
            compare: true,
          }),
        ];
      },
      (messages: vscode.LanguageModelChatMessage[]) => {
        const [, json] = lastToolResult(messages);
        const s = (
          json.results as { summary: { totals: Record<string, number>; previous: { changePercent: Record<string, number | null> } } }[]
        )[0].summary;
        const id = Object.keys(s.totals)[0];
        return [
          new vscode.LanguageModelTextPart(`**${id}:** ${s.totals[id]} people (${s.previous.changePercent[id]}% vs the previous 7 days).`),
        ];
      },
    ];
    const model = {
      id: 'scripted',
      name: 'Scripted test model',
      vendor: 'test',
      family: 'scripted',
      version: '1',
      maxInputTokens: 100_000,
      countTokens: async () => 1,
      sendRequest: async (messages: vscode.LanguageModelChatMessage[], options?: vscode.LanguageModelChatRequestOptions) => {
        sent.push({ messages: [...messages], options });
        const parts = script[sent.length - 1](messages);
        async function* stream() {
          for (const p of parts) yield p;
        }
        async function* text() {
          for (const p of parts) if (p instanceof vscode.LanguageModelTextPart) yield p.value;
        }
        return { stream: stream(), text: text() };
      },
    } as unknown as vscode.LanguageModelChat;

    const request = {
      prompt: `How did ${monitor.name} do this week?`,
      command: 'compare',
      references: [],
      toolReferences: [],
      toolInvocationToken: undefined,
      model,
    } as unknown as vscode.ChatRequest;
    const { stream, seen } = recorder();
    await a.lm.chatHandler(request, { history: [] } as unknown as vscode.ChatContext, stream, new vscode.CancellationTokenSource().token);

    assert.strictEqual(sent.length, 3, 'the model was asked three times (two tool rounds, one answer)');
    const offered = (sent[0].options?.tools ?? []).map((t) => t.name).sort();
    assert.deepStrictEqual(offered, [
      'hoxton_findSitesAndMonitors',
      'hoxton_getReportSummary',
      'hoxton_listAccounts',
      'hoxton_listReports',
      'hoxton_saveReport',
    ]);
    const first = sent[0].messages[0].content.map((p) => (p as { value?: string }).value).join('');
    assert.match(first, /previous period/, '/compare instructions');
    assert.match(first, new RegExp(`How did ${monitor.name} do this week\\?`));
    assert.deepStrictEqual(seen.progress, [
      'Reading HoxtonAi data (hoxton_findSitesAndMonitors)…',
      'Reading HoxtonAi data (hoxton_getReportSummary)…',
    ]);

    // The numbers in the answer are the sandbox's.
    const [, json] = lastToolResult(sent[2].messages);
    const summary = (
      json.results as {
        summary: {
          totals: Record<string, number>;
          range: { start: string; end: string };
          previous: { range: { start: string; end: string } };
        };
      }[]
    )[0].summary;
    const id = Object.keys(summary.totals)[0];
    const get = async (r: { start: string; end: string }) =>
      (await direct.get(
        `/v1/monitors/${monitor.id}/data?start=${encodeURIComponent(r.start)}&end=${encodeURIComponent(r.end)}&interval=1d`,
      )) as Data;
    const now = (await get(summary.range)).buckets.reduce((s, b) => s + (b.counts[id] ?? 0), 0);
    const was = (await get(summary.previous.range)).buckets.reduce((s, b) => s + (b.counts[id] ?? 0), 0);
    const change = Math.round(((now - was) / was) * 1000) / 10;
    assert.deepStrictEqual(seen.markdown, ['Looking for the monitor. ', `**${id}:** ${now} people (${change}% vs the previous 7 days).`]);

    assert.strictEqual(seen.anchors.length, 1);
    assert.ok(seen.anchors[0].uri.startsWith('hoxton:/'), seen.anchors[0].uri);
    assert.strictEqual(seen.buttons.length, 1);
    assert.strictEqual(seen.buttons[0].command, 'hoxton.openReport');
    assert.strictEqual(seen.buttons[0].title, 'Open Report');
    const target = parseTarget(seen.buttons[0].arguments?.[0]);
    assert.ok(target, 'the button carries a valid report target');
    assert.strictEqual(target.monitor.id, monitor.id);
    assert.deepStrictEqual(target.range, { preset: 'last_7_days' });
  });

  it("passes a tool's input error back to the model and shows only the model's answer", async () => {
    let calls = 0;
    const model = {
      sendRequest: async () => {
        calls++;
        const parts =
          calls === 1
            ? [new vscode.LanguageModelToolCallPart('x', 'hoxton_getReportSummary', { monitorId: 'm', reportId: 'r' })]
            : [new vscode.LanguageModelTextPart('Please name one monitor.')];
        async function* stream() {
          for (const p of parts) yield p;
        }
        return { stream: stream(), text: (async function* () {})() };
      },
    } as unknown as vscode.LanguageModelChat;
    const { stream, seen } = recorder();
    let toolText = '';
    const request = {
      prompt: 'busiest?',
      command: 'busiest',
      references: [],
      toolReferences: [],
      toolInvocationToken: undefined,
      model,
    } as unknown as vscode.ChatRequest;
    const wrapped = {
      sendRequest: async (messages: vscode.LanguageModelChatMessage[], o: unknown, t: unknown) => {
        if (calls === 1) toolText = lastToolResult(messages)[0];
        return (model as unknown as { sendRequest: (...x: unknown[]) => unknown }).sendRequest(messages, o, t);
      },
    };
    await a.lm.chatHandler(
      { ...request, model: wrapped } as unknown as vscode.ChatRequest,
      { history: [] } as unknown as vscode.ChatContext,
      stream,
      new vscode.CancellationTokenSource().token,
    );
    assert.strictEqual(calls, 2);
    assert.match(toolText, /^Invalid input: give exactly one of/);
    assert.deepStrictEqual(seen.markdown, ['Please name one monitor.']);
    assert.deepStrictEqual(seen.buttons, []);
  });
});
