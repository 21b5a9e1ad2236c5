import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GeneratedProvider, ProviderTable } from '@sorakit/provider'
import { providerRegistry } from '@sorakit/provider-registry'

/** What the mock reads of a provider: its generated table, the provider contract's shape. */
export type { ProviderTable } from '@sorakit/provider'

/** A provider the mock serves, with the fixed default port of each of its servers. */
export interface MockProvider {
  table: ProviderTable
  /** Default port per server name; every server of `table.servers` has one. */
  defaultPorts: Readonly<Record<string, number>>
}

interface ManifestFacts {
  id: string
  mockPorts: Record<string, number>
}

/** The server every provider has: its API base URL. */
export const primaryServer = 'api'

/** The checkout this package sits in (packages/mock/src or dist → root): what the mocks serve by default. */
export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * Every provider in specs/, as its generated table describes it: a new spec folder is a new mock with
 * no code here (after `pnpm codegen` and `pnpm install`, which add it to @sorakit/provider-registry). The default ports
 * are the manifests' `mockPorts` (a public contract
 * frontends hard-code; codegen checks one per server, none twice); providers are listed by api port.
 */
export const mockProviders: readonly MockProvider[] = readMockProviders(repositoryRoot)

function readManifests(root: string): ManifestFacts[] {
  const specs = path.join(root, 'specs')
  // Installed outside this repository there is no specs/: the build kept the manifests' facts
  // (scripts/write-provider-manifests.mjs).
  if (!existsSync(specs))
    return JSON.parse(
      readFileSync(fileURLToPath(new URL('../dist/provider-manifests.json', import.meta.url)), 'utf8'),
    ) as ManifestFacts[]
  const folders = readdirSync(specs, { withFileTypes: true }).filter((entry) => entry.isDirectory())
  return folders.map(
    ({ name }) => JSON.parse(readFileSync(path.join(specs, name, 'manifest.json'), 'utf8')) as ManifestFacts,
  )
}

function readMockProviders(root: string): MockProvider[] {
  const providers = readManifests(root).map(({ id, mockPorts }): MockProvider => {
    const table = Object.hasOwn(providerRegistry, id)
      ? (providerRegistry as Record<string, GeneratedProvider>)[id]!.table
      : undefined
    if (table === undefined)
      throw new Error(
        `specs/${id} has no generated package in @sorakit/provider-registry yet: run \`pnpm codegen\`, then \`pnpm install\` and \`pnpm build\``,
      )
    return { table, defaultPorts: mockPorts }
  })
  return providers.sort((left, right) => left.defaultPorts[primaryServer]! - right.defaultPorts[primaryServer]!)
}

/** One server of one provider: the unit the mock starts (one Prism server each). */
export interface MockServerSpec {
  /** `<provider>` for the api server, `<provider>-<server>` for the others, e.g. `kie-upload`. */
  key: string
  provider: ProviderTable
  /** Server name from the provider table: `api`, `upload`. */
  server: string
  /** The real base URL this server stands in for. */
  upstreamUrl: string
  defaultPort: number
  /** Command-line flag that sets this server's port, e.g. `--kie-upload-port`. */
  portFlag: string
  /** Environment variable that sets this server's port, e.g. `SORAKIT_MOCK_KIE_UPLOAD_PORT`. */
  portEnvironmentVariable: string
}

/** The servers of the given providers, api first within each provider. */
export function mockServerSpecs(providers: readonly MockProvider[] = mockProviders): MockServerSpec[] {
  return providers.flatMap(({ table, defaultPorts }) =>
    Object.entries(table.servers)
      .sort(([left], [right]) => Number(right === primaryServer) - Number(left === primaryServer))
      .map(([server, upstreamUrl]) => {
        const key = server === primaryServer ? table.id : `${table.id}-${server}`
        const defaultPort = defaultPorts[server]
        if (defaultPort === undefined)
          throw new Error(`specs/${table.id}/manifest.json gives its "${server}" server no mockPorts entry`)
        return {
          key,
          provider: table,
          server,
          upstreamUrl,
          defaultPort,
          portFlag: `--${key}-port`,
          portEnvironmentVariable: `SORAKIT_MOCK_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_PORT`,
        }
      }),
  )
}
