// The one error type of the HTTP layer. It names the endpoint and carries what the UI needs to tell the user
// what happened and whether trying again may help. Messages here are for logs; src/util/errors.ts turns them into
// localised, user-facing text.

export type ApiErrorKind =
  | 'http' // the server answered with an error status
  | 'network' // no answer: connection refused/reset, DNS, TLS
  | 'timeout' // no answer in time
  | 'malformed' // an answer that is not the JSON the contract promises (or larger than it allows)
  | 'invalid' // a request the client refused to send (an unusable id, an empty direction list)
  | 'auth'; // no access token could be had

export class HoxtonApiError extends Error {
  override readonly name = 'HoxtonApiError';
  constructor(
    readonly kind: ApiErrorKind,
    /** For example `GET /v1/monitors`. Never contains a token or query string. */
    readonly endpoint: string,
    message: string,
    readonly status?: number,
    /** The API's error code (`not_found`, `conflict`, …) or a local one (`timeout`, `malformed_response`, …). */
    readonly code: string = kind,
    /** Seconds the server asked us to wait (429/503 Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** Whether the same request may succeed if tried again later. */
  get transient(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      this.status === 429 ||
      this.status === 502 ||
      this.status === 503 ||
      this.status === 504
    );
  }
}
