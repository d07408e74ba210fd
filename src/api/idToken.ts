// Checking an ID token before its claims are trusted (OpenID Connect Core 1.0 §3.1.3.7): signature against the
// issuer's published keys (asymmetric algorithms only), `iss` exactly the discovered issuer, `aud` containing our
// client id (and `azp` ours when there are several audiences), `exp` in the future. jose does the cryptography;
// it is loaded on first use (a webpack chunk, like node-fetch). No network here: api/oauth.ts fetches the keys.
import type * as Jose from 'jose';

/** The two functions used; webpackExports keeps the rest of jose out of its chunk (63 KB → 23 KB). */
type JoseUsed = Pick<typeof Jose, 'createLocalJWKSet' | 'jwtVerify'>;
let joseModule: Promise<JoseUsed> | undefined;
function jose(): Promise<JoseUsed> {
  joseModule ??= import(/* webpackChunkName: "jose", webpackExports: ["createLocalJWKSet", "jwtVerify"] */ 'jose');
  return joseModule;
}

/** Signature algorithms accepted for ID tokens: asymmetric only (an HMAC would need the client secret as key). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Clock skew tolerated on `exp`/`iat`/`nbf`, seconds. */
const CLOCK_TOLERANCE_S = 60;

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The issuer's JSON Web Key Set (`jwks_uri`). */
  jwks: unknown;
  /** For tests: the current time, seconds. */
  now?: number;
}

export type IdTokenCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string; noMatchingKey?: boolean };

/** Verifies an ID token; never throws. `reason` is English, for the log, and carries no token text. */
export async function verifyIdToken(idToken: string, x: IdTokenExpectations): Promise<IdTokenCheck> {
  const j = await jose();
  let keys: ReturnType<typeof j.createLocalJWKSet>;
  try {
    keys = j.createLocalJWKSet(x.jwks as Jose.JSONWebKeySet);
  } catch {
    return { ok: false, reason: 'the issuer published no usable key set' };
  }
  try {
    const { payload } = await j.jwtVerify(idToken, keys, {
      issuer: x.issuer,
      audience: x.clientId,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['iss', 'aud', 'exp', 'sub'],
      ...(x.now !== undefined ? { currentDate: new Date(x.now * 1000) } : {}),
    });
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== x.clientId) {
      return { ok: false, reason: 'it names several audiences and another authorized party (azp)' };
    }
    return { ok: true, claims: payload as Record<string, unknown> };
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    const claim = typeof e === 'object' && e !== null && 'claim' in e ? String((e as { claim: unknown }).claim) : '';
    const reasons: Record<string, string> = {
      ERR_JWT_EXPIRED: 'it has expired (exp)',
      ERR_JWT_CLAIM_VALIDATION_FAILED: `its ${claim || 'claims'} did not check out`,
      ERR_JWKS_NO_MATCHING_KEY: 'no published key matches it',
      ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'its signature is not valid',
      ERR_JOSE_ALG_NOT_ALLOWED: 'it is not signed with an asymmetric algorithm',
      ERR_JWS_INVALID: 'it is not a signed JWT',
      ERR_JWT_INVALID: 'it is not a valid JWT',
    };
    return { ok: false, reason: reasons[code] ?? 'it could not be verified', noMatchingKey: code === 'ERR_JWKS_NO_MATCHING_KEY' };
  }
}
