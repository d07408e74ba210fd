// The report page inside the report panel (entry of the webview bundle): wires the page to the VS Code API. Talks to
// the host only through the messages in src/shared/reportMessages.ts: posts `ready`, then shows whatever `loading` /
// `data` / `error` arrives last (older request ids are ignored). Test hooks only in test mode (testing.ts).
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { HostMessage, WebviewMessage } from '../../shared/reportMessages';
import { startPage } from './entry';
import { ReportPage } from './page';
import { scheduleWarmUp } from './warmup';

const page = startPage<HostMessage, WebviewMessage, ReportPage>((app, post, saved, hooks) => new ReportPage(app, post, saved, hooks));
scheduleWarmUp(() => page.current === 'data', expectedBuckets());

/** How many buckets the host expects the first data to hold (`<html data-expected-buckets>`); unknown: undefined. */
function expectedBuckets(): number | undefined {
  const v = document.documentElement.dataset.expectedBuckets;
  return v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}
