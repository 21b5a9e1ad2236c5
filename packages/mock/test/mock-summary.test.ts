import { describe, expect, it } from 'vitest'
import { checkPrismInstalled } from '../src/mock-launcher.js'
import { mockServerSpecs } from '../src/mock-providers.js'
import { renderSummary } from '../src/mock-summary.js'
import { readBundledDocument } from '../src/openapi-operations.js'
import { repositoryRoot } from './repository-root.js'

// The start-up summary speaks to whoever installed the package: it advertises `/docs` only where the
// reference renderer is installed (this repository), and points at the README by its public address.
describe('the start-up summary', () => {
  const servers = mockServerSpecs().map((spec) => ({
    ...spec,
    url: `http://127.0.0.1:${spec.defaultPort}`,
    port: spec.defaultPort,
    logFile: `/tmp/${spec.key}.log`,
  }))
  const mocks = {
    servers,
    logDirectory: '/tmp/logs',
    specCheck: 'skipped' as const,
    lifecycleMs: 20_000,
    webhookKey: 'key',
  }
  const documents = new Map(
    servers.map((server) => [server.provider.id, readBundledDocument(repositoryRoot, server.provider.id)]),
  )

  it('names /docs only when the API reference is served', () => {
    const primaries = new Set(servers.map((server) => server.provider.id)).size
    expect(renderSummary(mocks, documents, 1).match(/\/docs/g)).toBeNull()
    expect(
      renderSummary(mocks, documents, 1, { apiReference: true }).match(/API reference http:\S+\/docs/g),
    ).toHaveLength(primaries)
  })

  it('speaks as the installed package: no repository paths, no pnpm', () => {
    const text = renderSummary(mocks, documents, 1)
    expect(text).not.toMatch(/ packages\/mock\/README|pnpm /)
    expect(text).toContain('https://github.com/sorakit/sorakit/tree/main/packages/mock#readme')
  })

  it('shows the models on sale, and a curl that creates a task with one of them', () => {
    const text = renderSummary(mocks, documents, 1)
    for (const server of servers.filter((each) => each.server === 'api')) {
      const curl = text.split('\n').find((line) => line.includes(`curl -s -X POST ${server.url}`))
      const body = /-d '(.+)'$/.exec(curl ?? '')?.[1]
      const url = /-X POST (\S+)/.exec(curl ?? '')?.[1]
      // The model is the body's discriminator, or the path (modelIn 'path', fal).
      const { modelIn, discriminator } = server.provider.modelOperation
      const model =
        modelIn === 'path'
          ? new URL(url!).pathname.slice(1)
          : (JSON.parse(body!) as Record<string, string | undefined>)[discriminator]
      expect(server.provider.models[model!]?.availability.status, curl).toBe('available')
      // The key goes where the provider takes it.
      const { auth } = server.provider
      expect(curl).toContain(
        auth.scheme === 'bearer' ? "'Authorization: Bearer " : `'${auth.header}: ${auth.prefix ?? ''}`,
      )
      const paused = Object.entries(server.provider.models).filter(
        ([, each]) => each.availability.status !== 'available',
      )
      if (paused.length > 0) expect(text).toContain(`(+${paused.length} not sold now)`)
    }
  })
})

describe('an install without Prism (npm install --omit=optional, for the MSW handlers alone)', () => {
  it('is told before any fork that the servers need Prism, and what to do', () => {
    expect(() => checkPrismInstalled()).not.toThrow()
    const missing = (name: string): string => {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' })
    }
    expect(() => checkPrismInstalled(missing)).toThrow(
      expect.objectContaining({ kind: 'prism-missing', message: expect.stringContaining('@sorakit/mock/msw') }),
    )
  })
})
