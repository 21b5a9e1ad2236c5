#!/usr/bin/env node
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  MockStartError,
  mockApiKey,
  mockProviders,
  mockServerSpecs,
  primaryServer,
  readBundledDocument,
  requestedServers,
  scenarios,
  serverArgumentOptions,
  serverOptionsUsage,
  type MockProvider,
} from '@sorakit/mock'
import { createSora, SoraError, type BuiltInProviderId } from '@sorakit/sora'
import {
  demoOperations,
  offeredDemoOperations,
  runDemoFlow,
  taskStateExamples,
  type DemoOperation,
} from './demo-flow.js'
import { ensureDemoMocks } from './demo-mocks.js'

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))

function usage(): string {
  return [
    'Usage: pnpm demo [options]',
    '',
    'Runs text-to-video and image-to-video on every provider through the @sorakit/sora facade against the',
    'Prism mocks: start → wait → result, printing each step. Uses the mocks already answering on their ports',
    '(`pnpm mock`), starts the others and stops them at the end. No API key needed. Exit code 0 only when',
    'every flow completed.',
    '',
    ...serverOptionsUsage(mockServerSpecs()),
  ].join('\n')
}

/** Runs `pnpm demo`; resolves with the exit code. */
export async function main(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<number> {
  const specs = mockServerSpecs()
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      options: { ...serverArgumentOptions(specs), help: { type: 'boolean' } },
    }).values
  } catch (error) {
    print(`${(error as Error).message}\n\n${usage()}`)
    return 2
  }
  if (values.help) {
    print(usage())
    return 0
  }
  const undocumented = undocumentedStates()
  if (undocumented.length > 0) {
    print(
      `pnpm demo: ${undocumented.join('; ')}. Update the family's task states in packages/provider/src/<family>-family-states.ts.`,
    )
    return 1
  }

  print(
    `sorakit demo: @sorakit/sora against the Prism mocks. No API key needed: the mocks only check that a bearer token is present (this sends "${mockApiKey}").`,
  )
  const began = performance.now()
  let mocks
  try {
    mocks = await ensureDemoMocks(requestedServers(values, environment, specs))
  } catch (error) {
    if (!(error instanceof MockStartError)) throw error
    print(`pnpm demo: the mocks did not start: ${error.message}`)
    return 1
  }
  const { urls, reused, started } = mocks
  for (const provider of reused)
    print(`mocks: ${provider.table.displayName} already answering at ${urls[provider.table.id]}, used as it is`)
  if (started) {
    const names = started.servers
      .filter((server) => server.server === primaryServer)
      .map((server) => `${server.provider.displayName} ${server.url}`)
    print(
      `mocks: started ${names.join(', ')} in ${((performance.now() - began) / 1000).toFixed(1)} s; the demo stops them when it ends`,
    )
  }
  const stopOnSignal = (signal: NodeJS.Signals) => {
    print(`\n${signal}: stopping the mocks the demo started...`)
    void (started?.stop() ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal)

  const failures: string[] = []
  let flows = 0
  try {
    for (const provider of mockProviders) {
      for (const operation of offeredDemoOperations(provider.table)) {
        flows += 1
        const failure = await runOneFlow(
          provider,
          operation,
          urls[provider.table.id]!,
          reused.includes(provider),
          print,
        )
        if (failure !== undefined) failures.push(failure)
      }
    }
  } finally {
    print('')
    process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal)
    if (started) {
      await started.stop()
      print('mocks: stopped the mocks the demo started')
    }
  }
  if (failures.length === 0) {
    print(`All ${flows} flows completed.`)
    return 0
  }
  print(`${failures.length} of ${flows} flows failed:`)
  for (const failure of failures) print(`  ✗ ${failure}`)
  return 1
}

/** Runs one flow; resolves with what failed, or `undefined` when it completed. */
async function runOneFlow(
  provider: MockProvider,
  operation: DemoOperation,
  baseUrl: string,
  reused: boolean,
  print: (line: string) => void,
): Promise<string | undefined> {
  const id = provider.table.id as BuiltInProviderId
  const began = performance.now()
  print('')
  try {
    await runDemoFlow({
      provider: id,
      operation,
      print,
      createSora: (fetch) => createSora({ provider: id, apiKey: mockApiKey, baseUrl, fetch, timeoutMs: 10_000 }),
    })
    print(`  ✓ completed in ${((performance.now() - began) / 1000).toFixed(2)} s`)
    return undefined
  } catch (error) {
    const reason =
      SoraError.isInstance(error) || error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    const spec = mockServerSpecs([provider])[0]!
    const hint = reused
      ? ` (the demo used the server already answering at ${baseUrl}; if that is not \`pnpm mock\`, stop it or move the demo with ${spec.portFlag} / ${spec.portEnvironmentVariable})`
      : ''
    const failure = `${provider.table.displayName} ${demoOperations[operation].label}: ${reason}${hint}`
    print(`  ✗ failed: ${reason}`)
    return failure
  }
}

/** The states the demo asks for that a bundled document does not name as an example of a 2xx answer. */
function undocumentedStates(): string[] {
  return mockProviders.flatMap(({ table }) => {
    const documented = new Set(
      scenarios(readBundledDocument(repositoryRoot, table.id), table)
        .filter((scenario) => /^2/.test(scenario.status))
        .flatMap((scenario) => scenario.exampleNames),
    )
    const missing = taskStateExamples(table.family).filter((state) => !documented.has(state))
    return missing.length === 0 ? [] : [`packages/${table.id}/openapi.json has no example named ${missing.join(', ')}`]
  })
}

if (process.argv[1]?.endsWith('demo-cli.js')) {
  process.exitCode = await main(process.argv.slice(2))
}
