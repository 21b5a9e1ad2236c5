import type { StartMocksOptions } from './mock-launcher.js'
import type { MockServerSpec } from './mock-providers.js'

// The options that say where the mocks listen, shared by `pnpm mock` and `pnpm demo` so both read the
// same flags and variables.

/** `node:util` parseArgs options: one `--<server>-port` per server, and `--host`. */
export function serverArgumentOptions(specs: readonly MockServerSpec[]): Record<string, { type: 'string' }> {
  return Object.fromEntries([
    ...specs.map((spec) => [spec.portFlag.slice(2), { type: 'string' as const }]),
    ['host', { type: 'string' as const }],
  ])
}

/** The usage lines of {@link serverArgumentOptions}. */
export function serverOptionsUsage(specs: readonly MockServerSpec[]): string[] {
  return [
    ...specs.map(
      (spec) =>
        `  ${`${spec.portFlag} <port>`.padEnd(28)} ${spec.provider.displayName} ${spec.server} (default ${spec.defaultPort}; env ${spec.portEnvironmentVariable})`,
    ),
    `  ${'--host <address>'.padEnd(28)} interface to listen on (default 127.0.0.1; env SORAKIT_MOCK_HOST)`,
  ]
}

export interface RequestedServers {
  /**
   * Port per server key, for the servers a flag or variable names; a value that is not a number is NaN, which
   * `startMocks` rejects naming the flag.
   */
  ports: Record<string, number>
  host?: string
}

/**
 * Ports and host from the parsed flags, else from the environment (`SORAKIT_MOCK_<SERVER>_PORT`, `SORAKIT_MOCK_HOST`).
 */
export function requestedServers(
  values: Readonly<Record<string, unknown>>,
  environment: Readonly<Record<string, string | undefined>>,
  specs: readonly MockServerSpec[],
): RequestedServers {
  const ports: Record<string, number> = {}
  for (const spec of specs) {
    const text = (values[spec.portFlag.slice(2)] as string | undefined) ?? environment[spec.portEnvironmentVariable]
    if (text !== undefined) ports[spec.key] = /^\d+$/.test(text) ? Number(text) : Number.NaN
  }
  const host = (values['host'] as string | undefined) ?? environment['SORAKIT_MOCK_HOST']
  return host === undefined ? { ports } : { ports, host }
}

/**
 * What is wrong with the ports a flag or variable gives, naming both and the text received (`--kie-port abc`
 * would otherwise reach {@link requestedServers} as NaN); undefined when every one is a port number.
 */
export function invalidPortMessage(
  values: Readonly<Record<string, unknown>>,
  environment: Readonly<Record<string, string | undefined>>,
  specs: readonly MockServerSpec[],
): string | undefined {
  for (const spec of specs) {
    const fromFlag = values[spec.portFlag.slice(2)] as string | undefined
    const text = fromFlag ?? environment[spec.portEnvironmentVariable]
    if (text === undefined || (/^\d+$/.test(text) && Number(text) <= 65535)) continue
    const source = fromFlag !== undefined ? spec.portFlag : spec.portEnvironmentVariable
    return `${source} must be a port number from 0 to 65535 (0 takes a free port); got ${JSON.stringify(text.slice(0, 100))}: fix ${spec.portFlag} or ${spec.portEnvironmentVariable}`
  }
  return undefined
}

/** `--lifecycle-ms`, `--latency`, `--webhook-key` (else their variables), checked; a string says what is wrong. */
export function lifecycleOptions(
  values: Readonly<Record<string, unknown>>,
  environment: NodeJS.ProcessEnv,
): Pick<StartMocksOptions, 'lifecycleMs' | 'latency' | 'webhookKey'> | string {
  const options: Pick<StartMocksOptions, 'lifecycleMs' | 'latency' | 'webhookKey'> = {}
  const lifecycle = (values['lifecycle-ms'] as string | undefined) ?? environment['SORAKIT_MOCK_LIFECYCLE_MS']
  if (lifecycle !== undefined) {
    if (!/^\d+$/.test(lifecycle))
      return `--lifecycle-ms (SORAKIT_MOCK_LIFECYCLE_MS) must be a whole number of milliseconds, 0 or more; got ${JSON.stringify(lifecycle)}`
    options.lifecycleMs = Number(lifecycle)
  }
  const latency = (values['latency'] as string | undefined) ?? environment['SORAKIT_MOCK_LATENCY']
  if (latency !== undefined) {
    const match = /^(\d+)-(\d+)$/.exec(latency)
    if (match === null || Number(match[1]) > Number(match[2]))
      return `--latency (SORAKIT_MOCK_LATENCY) must be <min>-<max> milliseconds with min <= max, e.g. 200-800; got ${JSON.stringify(latency)}`
    options.latency = { minMs: Number(match[1]), maxMs: Number(match[2]) }
  }
  const webhookKey = (values['webhook-key'] as string | undefined) ?? environment['SORAKIT_MOCK_WEBHOOK_KEY']
  if (webhookKey !== undefined) {
    if (webhookKey.trim() === '') return '--webhook-key (SORAKIT_MOCK_WEBHOOK_KEY) must not be empty'
    options.webhookKey = webhookKey
  }
  return options
}
