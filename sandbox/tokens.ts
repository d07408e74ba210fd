// Signing keys, access/ID tokens (RS256 JWTs via jose), and the server-side state of refresh tokens and
// authorization codes (single use, families for rotation and reuse detection, revoke-all).
import { randomBytes } from 'crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { JWK, KeyLike } from 'jose';
import type { Principal } from './data';

export const ORG_CLAIM = 'https://hoxton.ai/org';

export interface AccessClaims {
  sub: string;
  orgId: string;
  clientId: string;
  scope: string[];
  exp: number;
}

export class InvalidTokenError extends Error {}

export interface RefreshRecord {
  token: string;
  clientId: string;
  principal: Principal;
  scope: string[];
  family: string;
  expiresAt: Date;
  used: boolean;
  revoked: boolean;
}

export interface CodeRecord {
  code: string;
  clientId: string;
  principal: Principal;
  redirectUri: string;
  scope: string[];
  expiresAt: Date;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  family: string;
  used: boolean;
}

export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

export class TokenService {
  /** The sandbox origin + '/'; set once the server listens. */
  issuer = '';
  lifetimeSeconds: number;
  private revokedBeforeMs = 0;
  private readonly issuedAt = new Map<string, number>(); // jti -> issue time (ms)
  readonly refreshTokens = new Map<string, RefreshRecord>();
  readonly codes = new Map<string, CodeRecord>();
  private readonly families = new Map<string, Set<string>>(); // family -> refresh tokens

  private constructor(
    readonly audience: string,
    lifetimeSeconds: number,
    private readonly privateKey: KeyLike,
    private readonly publicKey: KeyLike,
    private readonly publicJwk: JWK,
  ) {
    this.lifetimeSeconds = lifetimeSeconds;
  }

  static async create(audience: string, lifetimeSeconds: number): Promise<TokenService> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const jwk = await exportJWK(publicKey);
    const kid = `sandbox-${randomId(6)}`;
    return new TokenService(audience, lifetimeSeconds, privateKey, publicKey, { ...jwk, kid, alg: 'RS256', use: 'sig' });
  }

  get kid(): string {
    return this.publicJwk.kid as string;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async signAccessToken(p: Principal, clientId: string, scope: string[]): Promise<string> {
    const jti = randomId();
    const now = Date.now();
    const iat = Math.floor(now / 1000);
    this.issuedAt.set(jti, now);
    return new SignJWT({
      scope: scope.join(' '),
      azp: clientId,
      [ORG_CLAIM]: p.orgId,
      ...(p.kind === 'client' ? { gty: 'client-credentials' } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(p.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.lifetimeSeconds)
      .setJti(jti)
      .sign(this.privateKey);
  }

  async signIdToken(p: Principal, clientId: string): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ name: p.name, email: p.email, email_verified: true, [ORG_CLAIM]: p.orgId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(clientId)
      .setSubject(p.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 36_000)
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer, audience, expiry and revoke-all; throws InvalidTokenError with a reason. */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, audience: this.audience, algorithms: ['RS256'] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new InvalidTokenError('The access token expired');
      throw new InvalidTokenError('The access token is invalid');
    }
    const jti = typeof payload.jti === 'string' ? payload.jti : '';
    const issued = this.issuedAt.get(jti);
    if (issued === undefined) throw new InvalidTokenError('The access token is invalid');
    if (issued < this.revokedBeforeMs) throw new InvalidTokenError('The access token was revoked');
    const orgId = payload[ORG_CLAIM];
    if (typeof payload.sub !== 'string' || typeof orgId !== 'string') throw new InvalidTokenError('The access token is invalid');
    return {
      sub: payload.sub,
      orgId,
      clientId: typeof payload.azp === 'string' ? payload.azp : '',
      scope: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
      exp: Number(payload.exp),
    };
  }

  /** Revokes every refresh token and every access token issued until now. */
  revokeAll(): void {
    this.revokedBeforeMs = Date.now() + 1;
    for (const r of this.refreshTokens.values()) r.revoked = true;
  }

  newFamily(): string {
    return randomId(12);
  }

  saveRefreshToken(r: RefreshRecord): void {
    this.refreshTokens.set(r.token, r);
    let set = this.families.get(r.family);
    if (!set) this.families.set(r.family, (set = new Set()));
    set.add(r.token);
  }

  revokeFamily(family: string): void {
    for (const t of this.families.get(family) ?? []) {
      const r = this.refreshTokens.get(t);
      if (r) r.revoked = true;
    }
  }
}
