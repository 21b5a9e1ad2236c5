import { apikleyProvider } from '@sorakit/apikley'
import { kieProvider } from '@sorakit/kie'
import { vtrixProvider } from '@sorakit/vtrix'

/** What the mock needs from a generated provider table (`<id>Provider` of `@sorakit/<id>`). */
export interface ProviderTable {
  id: string
  displayName: string
  /** Upstream base URL of each named server, e.g. `{ api, upload }`. */
  servers: Readonly<Record<string, string>>
  modelOperation: { method: string; path: string; discriminator: string }
  models: Readonly<Record<string, unknown>>
}

/** A provider the mock serves, with the fixed default port of each of its servers. */
export interface MockProvider {
  table: ProviderTable
  /** Default port per server name; every server of `table.servers` has one. */
  defaultPorts: Readonly<Record<string, number>>
}

/**
 * Every provider package and its default ports. The ports are a public contract (frontends hard-code
 * them), so they are listed here rather than derived from the order of specs/ folders.
 * A test checks that this list names every provider in specs/.
 */
export const mockProviders: readonly MockProvider[] = [
  { table: kieProvider, defaultPorts: { api: 4010, upload: 4013 } },
  { table: apikleyProvider, defaultPorts: { api: 4011, upload: 4014 } },
  { table: vtrixProvider, defaultPorts: { api: 4012 } },
]

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

export const primaryServer = 'api'

/** The servers of the given providers, api first within each provider. */
export function mockServerSpecs(providers: readonly MockProvider[] = mockProviders): MockServerSpec[] {
  return providers.flatMap(({ table, defaultPorts }) =>
    Object.entries(table.servers)
      .sort(([left], [right]) => Number(right === primaryServer) - Number(left === primaryServer))
      .map(([server, upstreamUrl]) => {
        const key = server === primaryServer ? table.id : `${table.id}-${server}`
        const defaultPort = defaultPorts[server]
        if (defaultPort === undefined) throw new Error(`mock-providers.ts gives ${table.id} no default port for its "${server}" server; add one to mockProviders`)
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
