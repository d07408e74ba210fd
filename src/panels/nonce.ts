// Nonce for the report panel's CSP (node only; kept apart from reportHtml.ts, which stays pure).
import { randomBytes } from 'crypto';

/** 24 random bytes as base64 (a valid CSP nonce). */
export function makeNonce(): string {
  return randomBytes(24).toString('base64');
}
