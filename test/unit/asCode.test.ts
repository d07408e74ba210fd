// Copy as code, pure part: the request comes from the API layer (the client's own URL building), the token is an
// environment variable in every language, and names from the server cannot break out of the comment or the quoting.
import { strict as assert } from 'assert';
import { asCode, requestFor } from '../../src/copy/asCode';
import type { ReportTarget } from '../../src/reports/target';

const target: ReportTarget = {
  accountId: 'a|b|c',
  orgName: 'Acme',
  monitor: { id: "mon'1", name: 'Door\nrm -rf /', type: 'people_count', capacity: null, directions: [{ id: 'in', name: 'In' }] },
  site: { id: 's1', name: 'Site', timezone: 'Europe/London' },
  report: null,
  range: { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' },
  interval: '1h',
  directions: ['in', 'out'],
};

describe('copy as code', () => {
  it('builds the monitor data request of the client, and the saved report endpoint for a report as saved', async () => {
    const r = await requestFor(target, 'https://api.example.test/');
    assert.equal(
      r.url,
      "https://api.example.test/v1/monitors/mon'1/data?start=2026-11-01T00%3A00%3A00Z&end=2026-11-02T00%3A00%3A00Z&interval=1h&timezone=Europe%2FLondon&directions=in%2Cout",
    );
    assert.deepEqual(r.headers, { Accept: 'application/json' });
    const report = { id: 'rep1', name: 'R', version: 1, range: target.range, interval: target.interval, directions: target.directions };
    assert.equal(
      (await requestFor({ ...target, report }, 'https://api.example.test')).url,
      'https://api.example.test/v1/reports/rep1/data',
    );
    await assert.rejects(requestFor({ ...target, monitor: { ...target.monitor, id: '..' } }, 'https://x.test'), /unusable/);
  });

  it('reads the token from HOXTON_TOKEN and keeps names in one comment line', async () => {
    const r = await requestFor(target, 'https://api.example.test');
    const title = `Week · ${target.monitor.name}`;
    const curl = asCode(r, 'curl', title);
    assert.match(curl, /-H "Authorization: Bearer \$HOXTON_TOKEN"/);
    assert.ok(curl.includes(`'https://api.example.test/v1/monitors/mon'\\''1/data?`), 'the quote is escaped for the shell');
    assert.equal(curl.split('\n').filter((l) => l.includes('rm -rf')).length, 1);
    assert.ok(curl.split('\n')[0].startsWith('# ') && curl.split('\n')[0].includes('rm -rf'));
    const ts = asCode(r, 'fetch', title);
    assert.match(ts, /Authorization: `Bearer \$\{process\.env\.HOXTON_TOKEN\}`/);
    assert.ok(ts.split('\n')[0].startsWith('// ') && ts.split('\n')[0].includes('rm -rf'));
    const py = asCode(r, 'python', title);
    assert.match(py, /"Authorization": f"Bearer \{os\.environ\['HOXTON_TOKEN'\]\}"/);
    assert.ok(py.split('\n')[0].startsWith('# ') && py.split('\n')[0].includes('rm -rf'));
  });
});
