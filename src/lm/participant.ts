// The `@hoxton` chat participant (/summary, /compare, /busiest): runs the person's chosen model (`request.model`)
// with the hoxton_* tools, invokes the tools it calls, streams progress and the model's answer, and ends with links
// to the raw data (`hoxton:` documents) and an "Open Report" button per report read. Registered only where VS Code
// has chat; nothing else in the extension depends on it.
import * as vscode from 'vscode';
import { parseTarget } from '../reports/target';
import { redact } from '../util/redact';

const MAX_ROUNDS = 8;

const INSTRUCTIONS: Record<string, string> = {
  summary:
    'Summarise the people counts the user asks about: totals per direction, the trend over the range and the busiest times. ' +
    'Find the monitor or saved report first (hoxton_findSitesAndMonitors, hoxton_listReports), then call hoxton_getReportSummary.',
  compare:
    'Compare the people counts the user asks about with the previous period: call hoxton_getReportSummary with "compare": true ' +
    '(or for each of several monitors with "monitorIds") and report the change per direction in percent.',
  busiest:
    'Find the busiest times for what the user asks about: call hoxton_getReportSummary and report the peak buckets with their ' +
    'times and, for occupancy monitors, the occupancy peak and the time above 80% of capacity.',
};

const BASE =
  'You answer questions about HoxtonAi people-counting data (sites, monitors, saved reports) using the hoxton_* tools. ' +
  "Times are in the site's time zone; always say the exact range used and the units (people). Never guess numbers: use the tools. " +
  'Be brief; use Markdown.';

interface ReadReport {
  uri: string;
  title: string;
  target: unknown;
}

/** The report summaries a tool result holds (from its JSON part), for the links and buttons at the end. */
function reportsIn(result: vscode.LanguageModelToolResult): ReadReport[] {
  const json = (result.content.at(-1) as { value?: unknown } | undefined)?.value;
  if (typeof json !== 'string') return [];
  try {
    const parsed = JSON.parse(json) as { results?: ReadReport[] };
    return Array.isArray(parsed.results) ? parsed.results : [];
  } catch {
    return [];
  }
}

export function createChatHandler(): vscode.ChatRequestHandler {
  return async (request, _context, stream, token) => {
    const tools: vscode.LanguageModelChatTool[] = vscode.lm.tools
      .filter((t) => t.name.startsWith('hoxton_'))
      .map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
    const instructions = [BASE, request.command ? INSTRUCTIONS[request.command] : undefined].filter(Boolean).join('\n');
    const messages = [vscode.LanguageModelChatMessage.User(`${instructions}\n\n${request.prompt}`)];
    const read = new Map<string, ReadReport>();

    try {
      for (let round = 0; round < MAX_ROUNDS && !token.isCancellationRequested; round++) {
        const response = await request.model.sendRequest(
          messages,
          { tools, justification: vscode.l10n.t('To answer from your HoxtonAi data') },
          token,
        );
        const calls: vscode.LanguageModelToolCallPart[] = [];
        const said: vscode.LanguageModelTextPart[] = [];
        for await (const part of response.stream) {
          if (part instanceof vscode.LanguageModelTextPart) {
            stream.markdown(part.value);
            said.push(part);
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            calls.push(part);
          }
        }
        if (!calls.length) break;
        messages.push(vscode.LanguageModelChatMessage.Assistant([...said, ...calls]));
        for (const call of calls) {
          stream.progress(vscode.l10n.t('Reading HoxtonAi data ({0})…', call.name));
          const result = await vscode.lm.invokeTool(
            call.name,
            { input: call.input, toolInvocationToken: request.toolInvocationToken },
            token,
          );
          for (const r of reportsIn(result)) read.set(r.uri, r);
          messages.push(vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, result.content)]));
        }
      }
    } catch (e) {
      stream.markdown(`\n\n${vscode.l10n.t('Could not finish the answer: {0}', redact(e instanceof Error ? e.message : String(e)))}`);
    }

    for (const r of read.values()) {
      stream.anchor(vscode.Uri.parse(r.uri), r.title);
      const target = parseTarget(r.target);
      if (target) stream.button({ command: 'hoxton.openReport', title: vscode.l10n.t('Open Report'), arguments: [target] });
    }
    return {};
  };
}

export function registerChatParticipant(extensionUri: vscode.Uri, handler: vscode.ChatRequestHandler): vscode.Disposable[] {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return [];
  try {
    const participant = vscode.chat.createChatParticipant('hoxton.chat', handler);
    participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'hoxton.svg');
    return [participant];
  } catch {
    // No chat in this host: the tools and everything else work without it.
    return [];
  }
}
