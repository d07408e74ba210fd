// Who a fresh sign-in belongs to: the user's name and organisation from the ID token (only when it checks out:
// signature, iss, aud, exp; api/oauth.ts idTokenClaims) or /userinfo, or, for client credentials (no user), the
// client id and the organisation the API reports for the token.
import { HoxtonClient } from '../api/client';
import { idTokenClaims, userInfo } from '../api/oauth';
import { errorText } from '../shared/errorText';
import { readConfig } from '../util/config';
import type { Log } from '../util/log';
import { authServer } from './servers';
import type { Identity, SignInResult } from './types';

/** Asks the servers the sign-in was made with (result.servers), never the ones the settings name now. */
export async function identify(result: SignInResult, log: Log): Promise<Identity> {
  const timeoutMs = readConfig().timeoutMs;
  const server = authServer(result.servers, timeoutMs);
  const verified = await idTokenClaims(server, result.tokens.idToken, result.servers.clientId);
  if (verified.reason && result.tokens.idToken) log.info(`ID token claims not used (${verified.reason}); asking /userinfo`);
  const fromToken = identityFromClaims(verified.claims ?? {});
  let sub = fromToken.sub;
  let name = fromToken.name;
  let orgId = fromToken.orgId;
  let orgName: string | undefined;
  if (result.method !== 'clientCredentials') {
    try {
      const info = await userInfo(server, result.tokens.accessToken);
      sub = info.sub;
      name = name ?? info.name ?? info.email;
      orgId = orgId ?? info.orgId;
      orgName = info.orgName;
    } catch (e) {
      log.warn(`Could not read /userinfo: ${errorText(e)}`);
    }
  }
  if (!orgId || !orgName) {
    const api = new HoxtonClient({ baseUrl: result.servers.apiUrl, token: async () => result.tokens.accessToken, timeoutMs, log });
    const org = await api.getOrganisation();
    orgId = orgId ?? org.id;
    orgName = orgName ?? org.name;
  }
  if (result.method === 'clientCredentials') {
    sub = sub ?? `client:${result.servers.clientId}`;
    name = result.servers.clientId;
  }
  return { sub: sub ?? 'unknown', name: name ?? 'HoxtonAi user', orgId, orgName };
}

/** Name and organisation from a verified ID token's claims. */
function identityFromClaims(c: Record<string, unknown>): Partial<Identity> {
  const s = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : undefined);
  return { sub: s('sub'), name: s('name') ?? s('email'), orgId: s('https://hoxton.ai/org') ?? s('org_id') };
}
