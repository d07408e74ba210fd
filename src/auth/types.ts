// What the parts of sign-in hand each other. No vscode import.
import type { TokenResponse } from '../api/oauth';
import type { SignInMethod } from '../util/config';

/** The servers an account was issued for, read from the settings once, at its sign-in. */
export interface AccountServers {
  /** The authorization server, e.g. https://auth.hoxton.ai */
  authDomain: string;
  /** The reports API, e.g. https://api.hoxton.cloud */
  apiUrl: string;
  audience: string;
  clientId: string;
}

/** What a completed sign-in hands to the provider. */
export interface SignInResult {
  method: SignInMethod;
  servers: AccountServers;
  clientSecret?: string;
  tokens: TokenResponse;
  scopes: string[];
}

/** Who a fresh access token belongs to. */
export interface Identity {
  sub: string;
  name: string;
  orgId: string;
  orgName: string;
}
