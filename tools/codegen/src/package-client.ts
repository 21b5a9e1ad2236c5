import type { JsonObject } from './json-value.js'
import { packageNaming, tsHeader } from './package-naming.js'
import type { ProviderManifest } from './provider-manifest.js'
import type { MergedProvider } from './provider-merge.js'

/** Paths served by a server other than 'api', by server name (the upload API). */
export function pathsByServer(merged: MergedProvider): Map<string, string[]> {
  const byUrl = new Map(Object.entries(merged.manifest.servers).map(([name, url]) => [url, name]))
  const result = new Map<string, string[]>()
  for (const [path, item] of Object.entries(merged.document['paths'] as JsonObject)) {
    const servers = (item as JsonObject)['servers']
    const url = Array.isArray(servers) ? ((servers[0] as JsonObject)['url'] as string) : undefined
    const name = url === undefined ? undefined : byUrl.get(url)
    if (name !== undefined) result.set(name, [...(result.get(name) ?? []), path])
  }
  return result
}

/** The package's thin entry: an openapi-fetch client with bearer auth and the provider's servers. */
export function clientModule(merged: MergedProvider): string {
  const { manifest } = merged
  const naming = packageNaming(manifest)
  const extraServers = [...pathsByServer(merged)]
  const serverOptions = extraServers
    .map(
      ([name]) =>
        `  /** Base URL of the ${name} server. Default: \`${manifest.servers[name]}\`. Set it too when \`baseUrl\` points at a mock. */\n  ${name}BaseUrl?: string\n`,
    )
    .join('')
  const routing = extraServers.length === 0 ? '' : routingCode(extraServers, naming.providerApiConstant)
  return `${tsHeader(manifest)}import createClient, { type Client${extraServers.length === 0 ? '' : ', type Middleware'} } from 'openapi-fetch'
import type { paths } from './${naming.typesModule}.js'
import { ${naming.providerApiConstant} } from './${naming.providerApiModule}.js'

/** Options of {@link ${naming.clientFactory}}. */
export interface ${naming.clientOptions} {
  /** API key, sent as \`${authHeaderText(manifest)}\`. Required; get one at ${manifest.auth.keyPage}. */
  apiKey: string
  /** Base URL of the ${manifest.displayName} API. Default: \`${manifest.servers['api']}\`. */
  baseUrl?: string
${serverOptions}  /** The fetch every request goes through (retries, logging, tests). Default: \`globalThis.fetch\`. */
  fetch?: (request: Request) => Promise<Response>
}

/** An openapi-fetch client typed by the ${manifest.displayName} OpenAPI document. */
export type ${naming.clientType} = Client<paths>

/** Creates a typed ${manifest.displayName} client with its auth header${extraServers.length === 0 ? '' : '; paths of other servers are sent there'}. */
export function ${naming.clientFactory}(options: ${naming.clientOptions}): ${naming.clientType} {
  const baseUrl = (options.baseUrl ?? ${naming.providerApiConstant}.servers.api).replace(/\\/+$/, '')
  ${extraServers.length === 0 ? 'return' : 'const client ='} createClient<paths>({
    baseUrl,
    headers: { ${authHeaderCode(manifest)} },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
${routing}}
${routingHelper(extraServers.length > 0)}`
}

function routingCode(extraServers: Array<[string, string[]]>, providerApiConstant: string): string {
  const baseUrls = extraServers
    .map(([name]) => `  const ${name}BaseUrl = options.${name}BaseUrl ?? ${providerApiConstant}.servers.${name}\n`)
    .join('')
  const entries = extraServers
    .flatMap(([name, paths]) => paths.map((path) => `      '${path}': ${name}BaseUrl,\n`))
    .join('')
  return `${baseUrls}  client.use(
    routeToServer(baseUrl, {
${entries}    }),
  )
  return client
`
}

// openapi-fetch has one base URL per client; the paths of a second server are rewritten to it.
function routingHelper(needed: boolean): string {
  if (!needed) return ''
  return `
function routeToServer(baseUrl: string, serverByPath: Record<string, string>): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      const server = serverByPath[schemaPath]
      if (server === undefined) return undefined
      return new Request(server.replace(/\\/+$/, '') + request.url.slice(baseUrl.length), request)
    },
  }
}
`
}

/** How the key is sent, for the doc comment: `Authorization: Bearer <apiKey>`. */
export function authHeaderText(manifest: ProviderManifest): string {
  const { auth } = manifest
  return auth.scheme === 'bearer' ? 'Authorization: Bearer <apiKey>' : `${auth.header}: ${auth.prefix ?? ''}<apiKey>`
}

function authHeaderCode(manifest: ProviderManifest): string {
  const { auth } = manifest
  if (auth.scheme === 'bearer') return 'Authorization: `Bearer ${options.apiKey}`'
  return `${JSON.stringify(auth.header)}: ${JSON.stringify(auth.prefix ?? '')} + options.apiKey`
}
