// The sandbox's API read directly over HTTP, with a token this test gets itself (password grant): the independent
// side of the checks on what the extension computes.
import { sandboxApi, sandboxToken as sharedToken, type SandboxApi } from '../harness/sandboxApi';
import { sandboxUrl } from './helpers';

export interface Bucket {
  start: string;
  counts: Record<string, number>;
  occupancy: { min: number; max: number; end: number } | null;
}

export interface Data {
  start: string;
  end: string;
  timezone: string;
  interval: string;
  directions: { id: string; name: string }[];
  totals: Record<string, number>;
  buckets: Bucket[];
}

export function sandboxToken(username: string, password: string): Promise<string> {
  return sharedToken(sandboxUrl(), username, password);
}

export function directApi(username: string, password: string): Promise<SandboxApi> {
  return sandboxApi(sandboxUrl(), username, password);
}
