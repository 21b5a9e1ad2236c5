import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/*
 * Why Scalar's API reference (@scalar/api-reference, its standalone browser bundle) and not Redoc.
 * Both were rendered here from packages/kie/openapi.json in Debian's Chromium with every request
 * outside the page's origin recorded (2026-11-30, the newest versions whose whole dependency tree
 * allows Node 20.19: @scalar/api-reference 1.46.4, redoc 2.5.4; both have moved to Node >= 22 since):
 *
 * |                                   | Scalar 1.46.4                       | Redoc 2.5.4 (redoc.standalone.js) |
 * |-----------------------------------|-------------------------------------|-----------------------------------|
 * | bundle, raw / gzip / brotli       | 3 566 844 / 993 844 / 793 108 bytes | 1 103 471 / 327 767 / 272 517     |
 * | requests leaving the page, offline| none, with the options below        | always cdn.redoc.ly/redoc/logo-mini.svg
 * (no option turns it off): ERR_NAME_NOT_RESOLVED in the console |
 * | request client ("Test Request")   | yes: sends to the mock itself       | none                              |
 * | OpenAPI 3.1, oneOf by `model`     | native; models listed and expandable | rendered, discriminator as a select |
 *
 * Redoc's page is a third of the weight, but it cannot be made to stay on the machine, and a frontend
 * team gets more from a page that sends the documented requests to the mock it is served by. Scalar's
 * own network features are off: its default fonts (fonts.scalar.com; the system fonts are used), its
 * agent ("Ask AI", which fetched api.scalar.com through proxy.scalar.com), telemetry and the developer
 * toolbar. The Chromium test (tools/demo/test/api-reference.test.ts) fails on any request that leaves
 * the mock, so an upgrade that brings a new one back is caught. Page weight per provider, measured by
 * `pnpm --filter @sorakit/api-reference readme`, is in tools/api-reference/README.md.
 */

/** File name of the Scalar bundle next to the pages (static site) and under `/docs/` (mocks). */
export const scalarBundleFileName = 'scalar-api-reference.js'

/**
 * Options given to `Scalar.createApiReference` on every page. Everything that would reach a Scalar
 * service is off, so the page works with no network (see above).
 */
export const scalarConfiguration = {
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
  // Models stay listed after the operations (each provider's request body per model lives there).
  hideModels: false,
  documentDownloadType: 'json',
} as const

const require = createRequire(import.meta.url)

/** Absolute path of Scalar's standalone browser bundle (it defines `window.Scalar`). */
export function scalarBundlePath(): string {
  return require.resolve('@scalar/api-reference/browser/standalone.js')
}

let bundle: Buffer | undefined

/** The Scalar bundle's bytes, read once per process. */
export function scalarBundle(): Buffer {
  bundle ??= readFileSync(scalarBundlePath())
  return bundle
}
