#!/usr/bin/env node
// Used by .vscode/tasks.json before F5: writes the Extension Development Host's own profile settings
// (.vscode-test/dev-host/user-data/User/settings.json) so that the extension talks to the sandbox on the given port.
'use strict';
const fs = require('fs');
const path = require('path');

const port = Number(process.argv[2] || 3999);
const url = `http://127.0.0.1:${port}`;
const base = path.join(__dirname, '..', '.vscode-test', 'dev-host');
const file = path.join(base, 'user-data', 'User', 'settings.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.mkdirSync(path.join(base, 'workspace'), { recursive: true });
let existing = {};
try {
  existing = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  /* first run, or hand-edited JSONC: start over */
}
const settings = {
  ...existing,
  'hoxton.apiUrl': url,
  'hoxton.auth.domain': url,
  'hoxton.auth.clientId': 'sandbox-acme',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
};
fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
console.log(`dev host settings: ${path.relative(process.cwd(), file)} → ${url}`);
