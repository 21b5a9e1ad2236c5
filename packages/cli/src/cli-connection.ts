import type { Sora } from '@sorakit/sora'
import { CliUsageError } from './cli-errors.js'
import { connectToMocks, type MockConnection } from './cli-mock.js'
import type { Reporter } from './cli-output.js'
import type { CommandContext } from './cli-run.js'

/** An open facade, and what to release when the command ends (mocks it started). */
export interface Connection {
  sora: Sora
  providerId: string
  /** The key in use, so output can be scrubbed of it; never printed. */
  apiKey: string
  mock: MockConnection | undefined
  close(): Promise<void>
}

/** The one rule from a provider id to its key's variable: `kie` → `KIE_API_KEY`, `my-label` → `MY_LABEL_API_KEY`. */
function apiKeyVariable(providerId: string): string {
  return `${providerId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`
}

/**
 * Every variable a provider's key is read from, in order: the rule's, then the one the provider's own tools read
 * (its table's `auth.keyVariable`: fal's `FAL_KEY`), so a terminal set up for fal's CLI works as it is.
 */
export async function apiKeyVariables(providerId: string): Promise<string[]> {
  const { providerRegistry } = await import('@sorakit/provider-registry')
  const own = (providerRegistry as Record<string, { table: { auth: { keyVariable?: string } } }>)[providerId]?.table
    .auth.keyVariable
  return [apiKeyVariable(providerId), ...(own === undefined ? [] : [own])]
}

/** The first of the provider's key variables that is set, with its value. */
async function keyVariableSet(
  providerId: string,
  environment: NodeJS.ProcessEnv,
): Promise<{ variable: string; key: string } | undefined> {
  for (const variable of await apiKeyVariables(providerId)) {
    const key = environment[variable]
    if (key !== undefined && key.trim() !== '') return { variable, key }
  }
  return undefined
}

/** The built-in provider ids, from the facade (which lists the generated provider packages it drives). */
export async function providerIds(): Promise<readonly string[]> {
  return (await import('@sorakit/sora')).builtInProviderIds
}

/**
 * The provider the flags (or a handle) name; without either, the one provider whose key is set (said on
 * stderr); a usage error lists the valid ids otherwise.
 */
export async function resolveProvider(
  flag: string | boolean | undefined,
  fromHandle?: string,
  context?: Pick<CommandContext, 'environment' | 'reporter'>,
): Promise<string> {
  const ids = await providerIds()
  if (typeof flag === 'string' && fromHandle !== undefined && flag !== fromHandle) {
    throw new CliUsageError(
      `--provider ${flag} does not match the handle's provider ${fromHandle}; drop --provider or pass the right handle`,
    )
  }
  const id = typeof flag === 'string' ? flag : (fromHandle ?? (context && (await onlyKeyedProvider(ids, context))))
  if (id === undefined) throw new CliUsageError(`Name the provider with --provider <id>: one of ${ids.join(', ')}`)
  if (!ids.includes(id))
    throw new CliUsageError(`Unknown provider ${JSON.stringify(id)} for --provider: use one of ${ids.join(', ')}`)
  return id
}

async function onlyKeyedProvider(
  ids: readonly string[],
  { environment, reporter }: Pick<CommandContext, 'environment' | 'reporter'>,
): Promise<string | undefined> {
  const keyed: Array<{ id: string; variable: string }> = []
  for (const id of ids) {
    const set = await keyVariableSet(id, environment)
    if (set !== undefined) keyed.push({ id, variable: set.variable })
  }
  if (keyed.length !== 1) return undefined
  const { id, variable } = keyed[0]!
  reporter.emit({ event: 'hint', message: `Using --provider ${id}: ${variable} is the only provider key set` })
  return id
}

export interface ConnectionFlags {
  'api-key'?: string | boolean | undefined
  'base-url'?: string | boolean | undefined
  'upload-base-url'?: string | boolean | undefined
  mock?: string | boolean | undefined
  'mock-url'?: string | boolean | undefined
}

/**
 * Builds the facade for `providerId` from the flags and the environment: key, base URLs, mocks.
 * The base URL is `--base-url`, else the one of the handle being resumed (where its task lives), else the mock's, else
 * the provider's.
 */
export async function openConnection(
  providerId: string,
  flags: ConnectionFlags,
  context: Pick<CommandContext, 'environment' | 'clock'>,
  handleBaseUrl?: string,
): Promise<Connection> {
  const { environment, clock } = context
  const mockUrl = stringFlag(flags['mock-url'])
  const mock =
    flags.mock === true || mockUrl !== undefined ? await connectToMocks(providerId, environment, mockUrl) : undefined
  try {
    const apiKey = mock?.apiKey ?? (await keyFrom(providerId, flags, environment))
    const explicitBaseUrl = stringFlag(flags['base-url'])
    if (explicitBaseUrl === undefined && handleBaseUrl) await checkHandleHost(providerId, handleBaseUrl, mock)
    const baseUrl = explicitBaseUrl ?? (handleBaseUrl || undefined) ?? mock?.baseUrl
    const uploadBaseUrl = stringFlag(flags['upload-base-url']) ?? mock?.uploadBaseUrl
    const { createSora } = await import('@sorakit/sora')
    const sora = createSora({
      provider: providerId as never,
      apiKey,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(uploadBaseUrl === undefined ? {} : { uploadBaseUrl }),
      ...(clock === undefined ? {} : { clock }),
    })
    return { sora, providerId, apiKey, mock, close: async () => mock?.stop() }
  } catch (error) {
    await mock?.stop()
    throw error
  }
}

/** Tells whether `--mock` found the mocks running or started them (they then stop with the command). */
export function reportMock(connection: Connection, reporter: Reporter): void {
  const { mock } = connection
  if (mock !== undefined) reporter.emit({ event: 'mock', started: mock.started, baseUrl: mock.baseUrl })
}

/**
 * A pasted handle names the host its task lives on; the key goes there with every request. Only the
 * provider's own host (or the mocks' with --mock) is trusted that way: any other needs `--base-url`
 * saying so, so a handle from elsewhere never sends the key to a stranger.
 */
async function checkHandleHost(
  providerId: string,
  handleBaseUrl: string,
  mock: MockConnection | undefined,
): Promise<void> {
  const { providerRegistry } = await import('@sorakit/provider-registry')
  const own = providerRegistry[providerId as keyof typeof providerRegistry].table.servers.api
  const trusted = [own, mock?.baseUrl].filter((url): url is string => url !== undefined).map(withoutTrailingSlash)
  if (!trusted.includes(withoutTrailingSlash(handleBaseUrl))) {
    throw new CliUsageError(
      `The handle's baseUrl ${handleBaseUrl} is not ${providerId}'s (${own}${mock === undefined ? '' : ` or the mock's ${mock.baseUrl}`}); your key would be sent there. If you trust it, pass --base-url ${handleBaseUrl}`,
    )
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

async function keyFrom(providerId: string, flags: ConnectionFlags, environment: NodeJS.ProcessEnv): Promise<string> {
  const flag = stringFlag(flags['api-key'])
  const key = flag ?? (await keyVariableSet(providerId, environment))?.key
  if (key === undefined || key.trim() === '')
    throw new CliUsageError(
      `No API key for ${providerId}: set ${(await apiKeyVariables(providerId)).join(' or ')}, pass --api-key <key>, or use --mock for the local mock servers`,
    )
  return key
}

function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
