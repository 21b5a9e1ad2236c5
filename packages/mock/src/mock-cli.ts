#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultLifecycleMs, defaultWebhookKey } from '@sorakit/mock-msw/engine'
import { MockStartError, startMocks, type StartMocksOptions } from './mock-launcher.js'
import { mockServerSpecs, type MockServerSpec } from './mock-providers.js'
import {
  invalidPortMessage,
  lifecycleOptions,
  requestedServers,
  serverArgumentOptions,
  serverOptionsUsage,
} from './mock-server-options.js'
import type { PrismLogLevel } from './prism-host-protocol.js'

const logLevels: readonly PrismLogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']

function usage(specs: readonly MockServerSpec[]): string {
  return [
    'Usage: sorakit-mock [options]',
    '',
    'Starts a mock server for every provider server from the bundled document of its provider package',
    '(@sorakit/<id>/openapi.json), waits until each answers, and prints their URLs. Ctrl-C stops them all.',
    'In a sorakit checkout (`pnpm mock`) it first refuses a bundled document stale against specs/.',
    '',
    ...serverOptionsUsage(specs),
    `  ${'--lifecycle-ms <ms>'.padEnd(28)} time from create to a task's final state (default ${defaultLifecycleMs}; 0 = final at the first poll; env SORAKIT_MOCK_LIFECYCLE_MS)`,
    `  ${'--latency <min>-<max>'.padEnd(28)} delay added to each answer, ms, e.g. 200-800 (default none; env SORAKIT_MOCK_LATENCY)`,
    `  ${'--webhook-key <key>'.padEnd(28)} HMAC key of signed callbacks (default ${defaultWebhookKey}; env SORAKIT_MOCK_WEBHOOK_KEY)`,
    `  ${'--errors'.padEnd(28)} Prism --errors: a response that violates its document becomes an error`,
    `  ${'--log-level <level>'.padEnd(28)} Prism request log level: ${logLevels.join(', ')} (default info)`,
    `  ${'--admin-host <name>'.padEnd(28)} a Host name the admin API (/__mock/) answers besides loopback ones; repeat for more, * for any (env SORAKIT_MOCK_ADMIN_HOSTS, comma-separated)`,
  ].join('\n')
}

/**
 * Runs `sorakit-mock` (`pnpm mock` in a checkout); resolves with the exit code once the mocks have stopped or failed to
 * start.
 */
export async function main(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const specs = mockServerSpecs()
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        ...serverArgumentOptions(specs),
        'lifecycle-ms': { type: 'string' },
        latency: { type: 'string' },
        'webhook-key': { type: 'string' },
        errors: { type: 'boolean' },
        'log-level': { type: 'string' },
        'admin-host': { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage(specs)}`)
    return 2
  }
  if (values.help) {
    console.log(usage(specs))
    return 0
  }
  const logLevel = (values['log-level'] ?? 'info') as PrismLogLevel
  if (!logLevels.includes(logLevel)) {
    console.error(`--log-level must be one of ${logLevels.join(', ')}; got ${String(values['log-level'])}`)
    return 2
  }
  const lifecycle = lifecycleOptions(values, environment)
  if (typeof lifecycle === 'string') {
    console.error(`${lifecycle}\n\n${usage(specs)}`)
    return 2
  }
  const badPort = invalidPortMessage(values, environment, specs)
  if (badPort !== undefined) {
    console.error(`${badPort}\n\n${usage(specs)}`)
    return 2
  }
  const options: StartMocksOptions = {
    ...requestedServers(values, environment, specs),
    ...lifecycle,
    errors: values.errors === true,
    logLevel,
    adminHosts: adminHostsOf(values, environment),
  }

  const started = performance.now()
  const starting = startMocks(options)
  // Loaded while the Prism host starts: the summary's sampler and ref resolver take ~0.2 s to import.
  const summary = Promise.all([
    import('./mock-summary.js'),
    import('./openapi-operations.js'),
    import('./mock-api-reference.js').then(({ loadApiReferenceRenderer }) => loadApiReferenceRenderer()),
  ])
  let mocks
  try {
    mocks = await starting
  } catch (error) {
    // Nothing keeps loading after main has answered (a test that awaited main tears its module loader down).
    await summary.catch(() => undefined)
    if (error instanceof MockStartError) {
      console.error(`sorakit-mock: ${error.message}`)
      return error.kind === 'bad-option' ? 2 : 1
    }
    throw error
  }
  const [{ renderSummary }, { readBundledDocument }, referenceRenderer] = await summary
  const documents = new Map(
    mocks.servers.map((server) => [server.provider.id, readBundledDocument(mocks.root, server.provider.id)]),
  )
  const seconds = (performance.now() - started) / 1000
  console.log(renderSummary(mocks, documents, seconds, { apiReference: referenceRenderer !== undefined }))

  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal))
  })
  const outcome = await Promise.race([
    stopRequested.then((signal) => ({ signal })),
    mocks.exited.then((exit) => ({ exit })),
  ])
  if ('exit' in outcome) {
    console.error(`sorakit-mock: the mock servers stopped unexpectedly.\n${outcome.exit.report}`)
    return 1
  }
  console.log(`\n${outcome.signal}: stopping the mocks...`)
  await mocks.stop()
  return 0
}

/** `--admin-host` (repeated), else `SORAKIT_MOCK_ADMIN_HOSTS` (comma-separated). */
function adminHostsOf(values: Readonly<Record<string, unknown>>, environment: NodeJS.ProcessEnv): string[] {
  const fromFlags = values['admin-host'] as string[] | undefined
  const names = fromFlags ?? (environment['SORAKIT_MOCK_ADMIN_HOSTS'] ?? '').split(',')
  return names.map((name) => name.trim()).filter((name) => name !== '')
}

// Through a bin link (`npx sorakit-mock`, node_modules/.bin) argv[1] is the link: compare real paths.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
