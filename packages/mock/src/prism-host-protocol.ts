/** Messages between the launcher (parent) and the Prism host (child process), over Node's IPC channel. */

/** One Prism server the host runs. */
export interface HostServerConfig {
  key: string
  /** Provider id: the servers of one provider share its lifecycle engine (tasks, admin API). */
  providerId: string
  /** Absolute path of the bundled OpenAPI document. */
  document: string
  /** The operations whose `servers` name this URL are served here. */
  upstreamUrl: string
  /** The server that also takes operations naming none of the document's configured servers. */
  takesUnmatchedOperations: boolean
  port: number
  logFile: string
}

export interface HostConfig {
  servers: HostServerConfig[]
  host: string
  /** Prism's `--errors`: a response that violates the document becomes an error. */
  errors: boolean
  logLevel: PrismLogLevel
  /** Time from create to the final state, ms (0: final at the first poll). */
  lifecycleMs: number
  /** HMAC key of signed callbacks. */
  webhookKey: string
  /** Added delay of each provider answer, ms. */
  latency?: { minMs: number; maxMs: number }
  /** Host names the admin API answers besides the loopback ones (`*`: any). */
  adminHosts: string[]
}

export type PrismLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'

export type ParentMessage = { type: 'load'; config: HostConfig } | { type: 'listen' } | { type: 'stop' }

export interface ListenFailure {
  key: string
  port: number
  code: string
  message: string
}

export type HostMessage =
  | { type: 'loaded'; operations: Record<string, number> }
  | { type: 'load-failed'; message: string }
  | { type: 'listening'; urls: Record<string, string> }
  | { type: 'listen-failed'; failures: ListenFailure[] }
