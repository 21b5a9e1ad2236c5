import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import {
  mockProviders,
  mockServerSpecs,
  primaryServer,
  readBundledDocument,
  startMocks,
  type MockProvider,
  type RunningMocks,
} from '@sorakit/mock'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedChromium } from './chromium.js'

// Each mock's /docs (the provider's bundled document rendered by @sorakit/api-reference with Scalar),
// loaded in Chromium from real mocks as a frontend developer opens it: every operation of the document
// and every model of the generated provider table must be on the page, nothing may be fetched from
// anywhere but the mocks (the page must work offline), and a screenshot is kept for a person to look at.

const artifactsDirectory = fileURLToPath(new URL('../artifacts/', import.meta.url))
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

let mocks: RunningMocks
let chromium: LaunchedChromium

beforeAll(async () => {
  const ports = Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0]))
  ;[mocks, chromium] = await Promise.all([startMocks({ ports, logLevel: 'warn', checkSpecs: false }), launchChromium()])
  await mkdir(artifactsDirectory, { recursive: true })
})

afterAll(async () => {
  await chromium?.close()
  await mocks?.stop()
})

/** Model ids of the provider's generated table, `<id>Provider` of `@sorakit/<id>` (codegen's naming). */
async function generatedModelIds(providerId: string): Promise<string[]> {
  const module = (await import(`@sorakit/${providerId}`).catch((error: unknown) => {
    throw new Error(
      `@sorakit/${providerId} cannot be imported: add it to the devDependencies of @sorakit/demo (${String(error)})`,
    )
  })) as Record<string, { models?: Record<string, unknown> } | undefined>
  const models = module[`${providerId}Provider`]?.models
  if (models === undefined) throw new Error(`@sorakit/${providerId} exports no ${providerId}Provider with models`)
  return Object.keys(models)
}

/** Every operation of the bundled document: method, path and the summary its heading shows. */
function documentedOperations(providerId: string): { method: string; path: string; summary: string }[] {
  const document = readBundledDocument(mocks.root, providerId)
  return Object.entries(document.paths).flatMap(([path, pathItem]) =>
    httpMethods.flatMap((method) => {
      const operation = (pathItem as Record<string, { summary?: string } | undefined>)[method]
      return operation === undefined ? [] : [{ method, path, summary: operation.summary ?? '' }]
    }),
  )
}

async function openReference(
  provider: MockProvider,
): Promise<{ page: Page; docsUrl: string; mockUrl: string; leftTheMocks: string[]; problems: string[] }> {
  const mockUrl = mocks.servers.find(
    (server) => server.provider.id === provider.table.id && server.server === primaryServer,
  )!.url
  const mockOrigins = new Set(mocks.servers.map((server) => new URL(server.url).origin))
  const page = await chromium.browser.newPage()
  await page.setViewportSize({ width: 1400, height: 1000 })
  const leftTheMocks: string[] = []
  const problems: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && !mockOrigins.has(url.origin))
      leftTheMocks.push(request.url())
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`console: ${message.text()}`)))
  const docsUrl = `${mockUrl}/docs`
  const response = await page.goto(docsUrl)
  expect(response?.status()).toBe(200)
  return { page, docsUrl, mockUrl, leftTheMocks, problems }
}

// Scalar's bundle is 3.6 MB of JavaScript: on a busy 2-core machine a page takes tens of seconds to render.
describe('the API reference each mock serves at /docs, in headless Chromium', { timeout: 240_000 }, () => {
  it.each(mockProviders.map((provider) => [provider.table.displayName, provider] as const))(
    '%s: every operation and model is on the page, nothing is fetched from elsewhere',
    async (_name, provider) => {
      const { page, docsUrl, mockUrl, leftTheMocks, problems } = await openReference(provider)

      for (const operation of documentedOperations(provider.table.id)) {
        // Scalar gives each operation a section whose id ends in METHOD + path.
        const section = page.locator(`section[id$="/${operation.method.toUpperCase()}${operation.path}"]`)
        await expect
          .poll(() => section.count(), {
            timeout: 60_000,
            message: `${docsUrl}: no section for ${operation.method.toUpperCase()} ${operation.path}`,
          })
          .toBe(1)
        expect(
          await section.getByRole('heading', { name: operation.summary, exact: true }).isVisible(),
          `${operation.method} ${operation.path}: heading "${operation.summary}"`,
        ).toBe(true)
      }

      // Models are listed after the operations, collapsed; a person opens the list and each model.
      const models = page.locator('section[id$="/models"]')
      await models.getByRole('button', { name: 'Show More' }).click()
      const collapsed = models.getByRole('button', { expanded: false })
      await expect.poll(() => collapsed.count(), { timeout: 10_000 }).toBeGreaterThan(0)
      // Each model's trigger has an id; opening one adds collapsed properties inside it, so they are listed first.
      const modelTriggers = (await collapsed.evaluateAll((buttons) => buttons.map((button) => button.id))).filter(
        (id) => id !== '',
      )
      for (const id of modelTriggers) await models.locator(`button[id="${id}"]`).click()
      const modelsText = await models.innerText()
      // A modelIn 'path' model (fal) is its own operations' path, each found on the page above; others are named
      // in their request schemas.
      const pathModels = provider.table.modelOperation.modelIn === 'path'
      for (const modelId of await generatedModelIds(provider.table.id)) {
        if (pathModels) {
          const paths = documentedOperations(provider.table.id).map((operation) => operation.path)
          expect(paths, `model ${modelId} on ${docsUrl}`).toContain(`/${modelId}`)
        } else expect(modelsText, `model ${modelId} on ${docsUrl}`).toContain(modelId)
      }

      // "Test Request" goes to the mock serving the page: it is the first server offered.
      await page.evaluate(() => window.scrollTo(0, 0))
      expect(await page.getByText(mockUrl, { exact: true }).first().isVisible()).toBe(true)

      const screenshot = `${artifactsDirectory}api-reference-${provider.table.id}.png`
      await page.screenshot({ path: screenshot })
      console.log(`${provider.table.displayName} API reference (${docsUrl}): screenshot ${screenshot}`)

      expect(leftTheMocks, 'requests that left the mocks (the page must work offline)').toEqual([])
      expect(problems).toEqual([])
      await page.close()
    },
  )
})
