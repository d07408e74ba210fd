// The page of a panel with several monitors (entry of the webview bundle multi.js; the panel is
// src/panels/multiPanel.ts): posts `ready`, then shows whatever `multiLoading` / `multiData` arrives last (older
// request ids are ignored). Test hooks only in test mode (testing.ts), as on the single report page.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import './multi.css';
import { isMultiHostMessage, type MultiHostMessage, type MultiWebviewMessage } from '../../shared/multiMessages';
import type { WebviewMessage } from '../../shared/reportMessages';
import { startPage } from './entry';
import { MultiPage } from './multi';

startPage<MultiHostMessage, WebviewMessage | MultiWebviewMessage, MultiPage>(
  (app, post, saved, hooks) => new MultiPage(app, post, saved, hooks),
  isMultiHostMessage,
);
