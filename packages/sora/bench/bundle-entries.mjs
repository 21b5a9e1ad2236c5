// Bundles each public entry the way a browser app would (esbuild, ESM, minified) and measures it
// gzipped with node:zlib. Shared by the size bench and the bundle isolation test.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { providerIds } from '@sorakit/provider-registry'

const packageDirectory = fileURLToPath(new URL('..', import.meta.url))

/**
 * What a consumer writes for each entry: the facade with one provider (every provider of the registry), all of
 * them, the webhook verifier. kie.ai sells 80+ models, so its app hands the facade the model modules it calls
 * (`createSoraWithModels`, one model here) and its size does not grow with the provider's catalogue; `createSora`
 * over every kie.ai model is measured too, under its own name, outside the single-provider budget.
 */
export const consumerEntries = {
  '@sorakit/sora/kie':
    "import { createSoraWithModels } from '@sorakit/sora/kie'; import { kling30Video } from '@sorakit/kie/models/kling-3.0-video'; export const sora = createSoraWithModels({ apiKey: 'k', models: [kling30Video] })",
  '@sorakit/sora/kie, every model (createSora)':
    "import { createSora } from '@sorakit/sora/kie'; export const sora = createSora({ apiKey: 'k' })",
  ...Object.fromEntries(
    providerIds
      .filter((id) => id !== 'kie')
      .map((id) => [
        `@sorakit/sora/${id}`,
        `import { createSora } from '@sorakit/sora/${id}'; export const sora = createSora({ apiKey: 'k' })`,
      ]),
  ),
  '@sorakit/sora (every provider)':
    "import { createSora } from '@sorakit/sora'; export const sora = createSora({ provider: 'kie', apiKey: 'k' })",
  '@sorakit/sora/webhooks': "export { verifyKieWebhook } from '@sorakit/sora/webhooks'",
  'openapi-fetch alone (reference)': "export { default } from 'openapi-fetch'",
}

/**
 * What the size-budget test allows a single-provider entry (its app as written above), min+gz in bytes:
 * today's size with a little room, so growth is a decision. The target (7 kB) is not met; the
 * README says by how much. Raised from 14.5 kB on 2026-12-03, a decision: `wait` taking a schedule that
 * reacts to progress (the progress-aware polling of `@sorakit/sora/polling`) added 156 B to every entry.
 */
export const singleProviderBudget = 15 * 1024

/**
 * `{ code, minified, gzipped }` for one consumer module, everything it imports included; `resolution`: esbuild
 * `alias`/`nodePaths`.
 */
export async function bundle(contents, resolution = {}) {
  const result = await build({
    stdin: { contents, resolveDir: packageDirectory, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    ...resolution,
  })
  const code = result.outputFiles[0].contents
  return { code: result.outputFiles[0].text, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length }
}
