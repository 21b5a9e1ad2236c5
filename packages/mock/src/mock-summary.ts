import type { RunningMocks, RunningServer } from './mock-launcher.js'
import { primaryServer } from './mock-providers.js'
import { lifecycleScenarios } from '@sorakit/mock-msw/engine'
import { scenarios } from './mock-scenarios.js'
import { listOperations, type OpenApiDocument } from './openapi-operations.js'
import { requestSamples } from './request-samples.js'

/** The API key the printed commands send; the mocks check that one is present, not its value. */
export const mockApiKey = 'mock-key'

/** What the summary may advertise besides the servers. */
export interface SummaryFeatures {
  /**
   * Whether the servers serve `/docs`: only where the reference renderer (@sorakit/api-reference, a tool of the
   * sorakit repository) is installed, so an install from npm is not told of a page that answers 404. Default: false.
   */
  apiReference?: boolean
}

/**
 * What `sorakit-mock` prints once every server answers: servers, models, the API reference and a curl per provider,
 * scenario headers.
 */
export function renderSummary(
  mocks: Pick<RunningMocks, 'servers' | 'logDirectory' | 'specCheck' | 'lifecycleMs' | 'webhookKey'>,
  documents: ReadonlyMap<string, OpenApiDocument>,
  seconds: number,
  features: SummaryFeatures = {},
): string {
  const { servers } = mocks
  const check = {
    passed: 'bundled documents up to date with specs/',
    cached: 'bundled documents up to date with specs/ (inputs unchanged)',
    skipped: 'spec check skipped',
  }[mocks.specCheck]
  const lines: string[] = [
    `sorakit mocks ready in ${seconds.toFixed(1)} s (${check}; request logs in ${mocks.logDirectory})`,
    '',
  ]
  const rows = servers.map((server) => [
    server.server === primaryServer ? server.provider.displayName : '',
    server.server,
    server.url,
    server.server === primaryServer ? modelsColumn(server.provider) : '(uploads)',
  ])
  lines.push(...table(['provider', 'server', 'base URL', 'models'], rows), '')
  for (const server of servers.filter((candidate) => candidate.server === primaryServer)) {
    const document = documents.get(server.provider.id)!
    lines.push(`${server.provider.displayName}:`)
    if (features.apiReference) lines.push(`  API reference ${server.url}/docs`)
    lines.push(`  ${curlCommand(server, document)}`)
    const providerScenarios = scenarios(document, server.provider)
    const named = providerScenarios.filter((scenario) => /^2/.test(scenario.status) && scenario.exampleNames.length > 1)
    for (const scenario of named)
      lines.push(`  ${scenario.operationId}: Prefer: example=${scenario.exampleNames.join('|')}`)
    const errorCodes = [
      ...new Set(
        providerScenarios.filter((scenario) => !/^2/.test(scenario.status)).map((scenario) => scenario.status),
      ),
    ].sort()
    lines.push(`  errors: Prefer: code=${errorCodes.join('|')}`, '')
  }
  lines.push(
    `Tasks live ${mocks.lifecycleMs} ms from create to their final state (--lifecycle-ms). Callbacks are signed with the webhook key ${JSON.stringify(mocks.webhookKey)} (--webhook-key) where the provider signs them.`,
  )
  lines.push(
    'Scenarios: put #mock:<scenario> in a prompt (or any text field of the model), or script the next tasks with POST /__mock/next {"scenarios": [...]}:',
  )
  for (const [name, scenario] of Object.entries(lifecycleScenarios))
    lines.push(`  #mock:${name.padEnd(21)} ${scenario.description}`)
  lines.push(
    'Admin API on every server: GET /__mock, /__mock/tasks, /__mock/requests, /__mock/callbacks; POST /__mock/next, /__mock/reset with Content-Type: application/json; loopback Host names only (--admin-host adds one).',
    '',
  )
  lines.push(
    "Requests with a Prefer header get Prism's documented example instead of the lifecycle: `Prefer: example=<name>`, `Prefer: code=<status>`, or both (`Prefer: code=402, example=insufficient-credits`).",
  )
  lines.push(
    'Every scenario and named example is listed in the @sorakit/mock README (https://github.com/sorakit/sorakit/tree/main/packages/mock#readme). Ctrl-C stops every mock.',
  )
  return lines.join('\n')
}

/** A copy-paste request to the provider's model operation with the first model's required fields. */
/**
 * The models on sale, then how many more the mock knows that the provider does not sell now (their creates are
 * refused).
 */
function modelsColumn(provider: RunningServer['provider']): string {
  const models = Object.entries(provider.models)
  const onSale = models.filter(([, model]) => model.availability.status === 'available').map(([id]) => id)
  const others = models.length - onSale.length
  return [onSale.join(', ') || '(none on sale)', others === 0 ? '' : ` (+${others} not sold now)`].join('')
}

export function curlCommand(server: RunningServer, document: OpenApiDocument): string {
  const { provider } = server
  const { method, modelIn } = provider.modelOperation
  // A modelIn 'path' provider (fal) submits on the model's own path: the default model's, else the first one's.
  const fallbackModel = provider.defaultModels.imageToVideo ?? Object.keys(provider.models)[0]
  const path =
    modelIn === 'path' ? `/${provider.defaultModels.textToVideo ?? fallbackModel}` : provider.modelOperation.path
  const entry = listOperations(document, provider).find(
    (candidate) => candidate.method === method && candidate.path === path,
  )
  // The example a newcomer pastes must work: the default model, else any model on sale (a paused one is refused).
  const samples = entry === undefined ? [] : requestSamples(document, entry, 'required')
  const onSale = (sample: (typeof samples)[number]) =>
    sample.variant === undefined || server.provider.models[sample.variant]?.availability.status === 'available'
  const request =
    samples.find((sample) => sample.variant === server.provider.defaultModels.textToVideo && onSale(sample)) ??
    samples.find(onSale) ??
    samples[0]
  const body =
    request?.body === undefined
      ? ''
      : ` -H 'Content-Type: application/json' -d '${JSON.stringify(request.body).replaceAll("'", "'\\''")}'`
  const { auth } = provider
  const authorization =
    auth.scheme === 'bearer'
      ? `Authorization: Bearer ${mockApiKey}`
      : `${auth.header}: ${auth.prefix ?? ''}${mockApiKey}`
  return `curl -s -X ${method.toUpperCase()} ${server.url}${path} -H '${authorization}'${body}`
}

function table(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const format = (row: readonly string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')
  return [format(header), ...rows.map(format)]
}
