import * as assert from 'assert';
import { Redactor } from '../../src/util/redact';

describe('redact', () => {
  it('masks JWTs, bearer tokens and secret parameters', () => {
    const r = new Redactor();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const out = r.redact(
      `token ${jwt} Authorization: Bearer abc.def-123 refresh_token=r3fr3sh&code=c0de client_secret: "s3cr3t" {"password":"hunter22"}`,
    );
    for (const secret of [jwt, 'abc.def-123', 'r3fr3sh', 'c0de', 's3cr3t', 'hunter22'])
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    assert.match(out, /refresh_token=\[redacted\]/);
  });

  it('masks registered secrets wherever they appear, and forgets them on request', () => {
    const r = new Redactor();
    r.add('opaque-refresh-token-value');
    assert.strictEqual(r.redact('x opaque-refresh-token-value y'), 'x [redacted] y');
    r.forget('opaque-refresh-token-value');
    assert.strictEqual(r.redact('x opaque-refresh-token-value y'), 'x opaque-refresh-token-value y');
  });

  it('leaves ordinary text alone', () => {
    assert.strictEqual(new Redactor().redact('GET /v1/monitors → 200 in 12 ms'), 'GET /v1/monitors → 200 in 12 ms');
  });
});
