// The rule for server settings: https:, or http: on loopback only; everything else is refused and named.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkServerUrl, ConfigError, type ConfigProblem, type UrlSetting } from '../../src/util/serverUrl';

const ACCEPTED: [string, string][] = [
  ['https://api.hoxton.cloud', 'https://api.hoxton.cloud'],
  ['https://api.hoxton.cloud/', 'https://api.hoxton.cloud'],
  ['  https://auth.hoxton.ai//  ', 'https://auth.hoxton.ai'],
  ['HTTPS://API.Hoxton.Cloud', 'https://api.hoxton.cloud'],
  ['https://tenant.eu.auth0.com/base/', 'https://tenant.eu.auth0.com/base'],
  ['https://api.hoxton.cloud:8443', 'https://api.hoxton.cloud:8443'],
  ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ['http://localhost:3000/', 'http://localhost:3000'],
  ['http://LOCALHOST:3000', 'http://localhost:3000'],
  ['http://[::1]:4000', 'http://[::1]:4000'],
  ['https://127.0.0.1:8443', 'https://127.0.0.1:8443'],
];

const REFUSED: [string, ConfigProblem][] = [
  ['http://api.hoxton.cloud', 'insecure'],
  ['http://capture.example:8080', 'insecure'],
  ['http://127.0.0.2:8080', 'insecure'],
  ['http://localhost.evil.example', 'insecure'],
  ['http://127.0.0.1.nip.io', 'insecure'],
  ['http://[::ffff:7f00:1]', 'insecure'],
  ['http://10.0.0.1', 'insecure'],
  ['ftp://api.hoxton.cloud', 'scheme'],
  ['file:///etc/passwd', 'scheme'],
  ['javascript:alert(1)', 'scheme'],
  ['command:workbench.action.reloadWindow', 'scheme'],
  ['ws://127.0.0.1:8080', 'scheme'],
  ['api.hoxton.cloud', 'invalid'],
  ['//api.hoxton.cloud', 'invalid'],
  ['not a url', 'invalid'],
  ['https://', 'invalid'],
  ['https://user:pass@api.hoxton.cloud', 'credentials'],
  ['https://api.hoxton.cloud@evil.example', 'credentials'],
  ['https://api.hoxton.cloud/?redirect=https://evil.example', 'query'],
  ['https://api.hoxton.cloud#x', 'query'],
  ['https://api.hoxton.cloud?', 'query'],
];

describe('server URL settings', () => {
  for (const [raw, url] of ACCEPTED) {
    it(`accepts ${JSON.stringify(raw)} as ${url}`, () => {
      const r = checkServerUrl('hoxton.apiUrl', raw);
      assert.deepStrictEqual(r, { ok: true, url });
    });
  }

  for (const [raw, problem] of REFUSED) {
    it(`refuses ${JSON.stringify(raw)} (${problem})`, () => {
      const setting: UrlSetting = 'hoxton.auth.domain';
      const r = checkServerUrl(setting, raw);
      assert.strictEqual(r.ok, false, `accepted ${raw}`);
      if (r.ok) return;
      assert.ok(r.error instanceof ConfigError);
      assert.strictEqual(r.error.problem, problem);
      assert.strictEqual(r.error.setting, setting);
      assert.ok(r.error.message.includes('hoxton.auth.domain'), r.error.message);
    });
  }

  it('keeps a password in the address out of the error', () => {
    const r = checkServerUrl('hoxton.apiUrl', 'https://me:s3cr3t-pw@api.hoxton.cloud/');
    assert.strictEqual(r.ok, false);
    if (r.ok) return;
    assert.ok(!r.error.message.includes('s3cr3t-pw') && !r.error.value.includes('s3cr3t-pw'), r.error.message);
    assert.ok(!JSON.stringify(r.error).includes('s3cr3t-pw'));
  });

  it('the settings that choose where requests and credentials go are user-level only (application scope)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
      capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
    };
    const props = pkg.contributes.configuration.properties;
    const routing = Object.keys(props).filter(
      (k) => k === 'hoxton.apiUrl' || k.startsWith('hoxton.auth.') || k === 'hoxton.controlRoomUrl',
    );
    assert.deepStrictEqual(routing.sort(), [
      'hoxton.apiUrl',
      'hoxton.auth.audience',
      'hoxton.auth.clientId',
      'hoxton.auth.defaultMethod',
      'hoxton.auth.domain',
      'hoxton.auth.loopbackPort',
      'hoxton.controlRoomUrl',
    ]);
    for (const k of routing) assert.strictEqual(props[k].scope, 'application', `${k} has scope ${props[k].scope}`);
    assert.strictEqual(pkg.capabilities?.untrustedWorkspaces?.supported, true);
    assert.strictEqual(pkg.capabilities?.virtualWorkspaces, true);
  });
});
