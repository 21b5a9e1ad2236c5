/**
 * What an error answer means, in one vocabulary for every API family: each family reads its answers into a kind
 * (HTTP statuses and its own codes, in its error-code table), and the kind decides the error class
 * (provider-errors.ts) and whether the request may be sent again (transport-retry-policy.ts).
 */
export type ErrorKind =
  | 'authentication'
  | 'insufficient-credits'
  | 'not-found'
  | 'rate-limited'
  | 'maintenance'
  | 'generation-failed'
  | 'feature-disabled'
  | 'request-timeout'
  | 'invalid-request'
  | 'server-error'

/** How a family reads an answer: its error kind, or undefined for an answer that is no error. */
export type ErrorKindReader = (httpStatus: number, body: unknown) => ErrorKind | undefined

/** A family's own error codes (kie.ai body codes, vtrix nine-digit codes) and the kinds they mean. */
export type ErrorCodeTable = Readonly<Record<string, ErrorKind>>

/**
 * HTTP's own statuses, for every family: what a status means when no family code says otherwise. Also read by
 * scripts/retry-table.mjs.
 * @public
 */
export const httpStatusKinds: ErrorCodeTable = {
  401: 'authentication',
  402: 'insufficient-credits',
  403: 'authentication',
  404: 'not-found',
  408: 'request-timeout',
  429: 'rate-limited',
}

/** The kind of an HTTP status: the table above, else any other 4xx is an invalid request and any 5xx a server error. */
export function httpErrorKind(status: number): ErrorKind | undefined {
  const listed = httpStatusKinds[status]
  if (listed !== undefined) return listed
  if (status >= 400 && status < 500) return 'invalid-request'
  return status >= 500 && status < 600 ? 'server-error' : undefined
}
