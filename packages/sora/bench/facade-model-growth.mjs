// `pnpm bench:facade` (growth part): what models an app never calls add to a one-model app's bundle.
// In a scratch copy of specs/, kie.ai gets 200 more text-to-video documents (its Sora 2 text-to-video
// document under new model ids) and codegen writes the packages there; a one-model app (`@sorakit/sora/kie`'s
// `createSoraWithModels` with the one model module it calls, one textToVideo call) is bundled against the
// scratch `@sorakit/kie` sources, without and with them. The whole bundle is measured: no code splitting,
// nothing loaded later is left out.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { bundle } from './bundle-entries.mjs'
import { kilobytes, writeReadmeFigures } from './readme-figures.mjs'

const run = promisify(execFile)
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))
const codegenCli = path.join(repositoryRoot, 'tools/codegen/dist/codegen-cli.js')
const addedModels = 200
const target = 2 * 1024
// The app as written before model modules existed, for comparison: `createSora` carries every model.
const everyModelApp =
  "import { createSora } from '@sorakit/sora/kie'; const sora = createSora({ apiKey: 'k' }); export const start = (prompt) => sora.textToVideo({ model: 'kling-3.0/video', prompt })"
const oneModelApp =
  "import { createSoraWithModels } from '@sorakit/sora/kie'; import { kling30Video } from '@sorakit/kie/models/kling-3.0-video'; const sora = createSoraWithModels({ apiKey: 'k', models: [kling30Video] }); export const start = (prompt) => sora.textToVideo({ model: 'kling-3.0/video', prompt })"

/** specs/ in a scratch folder with `count` more kie.ai models, generated there; the codegen time. */
async function generateWithModels(root, count) {
  await cp(path.join(repositoryRoot, 'specs'), path.join(root, 'specs'), { recursive: true })
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), 'packages: []\n')
  const template = JSON.parse(
    await readFile(path.join(root, 'specs/kie/authored/kie-sora-2-text-to-video.json'), 'utf8'),
  )
  const manifestFile = path.join(root, 'specs/kie/manifest.json')
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8'))
  for (let index = 0; index < count; index += 1) {
    const model = `bench-model-${index}/text-to-video`
    const document = structuredClone(template)
    const operation = document.paths['/api/v1/jobs/createTask'].post
    const body = operation.requestBody.content['application/json']
    operation.operationId = `bench-model-${index}`
    Object.assign(body.schema.properties.model, { enum: [model], default: model, description: `Must be \`${model}\`.` })
    body.example.model = model
    await writeFile(path.join(root, `specs/kie/authored/bench-model-${index}.json`), JSON.stringify(document))
    const availability = {
      status: 'available',
      source: 'a benchmark model (packages/sora/bench/facade-model-growth.mjs)',
    }
    manifest.documents.push({
      file: `authored/bench-model-${index}.json`,
      origin: 'hand-authored',
      model: { operation: 'textToVideo', availability },
      sources: ['packages/sora/bench/facade-model-growth.mjs'],
    })
  }
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2))
  const started = performance.now()
  await run(process.execPath, [codegenCli, '--root', root], { maxBuffer: 64 * 1024 * 1024 })
  return performance.now() - started
}

/**
 * The one-model app bundled against the scratch copy's generated kie.ai package sources: `@sorakit/kie`
 * is its src/ folder (index.ts), `@sorakit/kie/models/<model>` the model's module in src/models/.
 */
function bundleAgainst(root, app) {
  const sources = path.join(root, 'packages/kie/src')
  const scratchKie = {
    name: 'scratch-kie',
    setup(build) {
      build.onResolve({ filter: /^@sorakit\/kie(\/models\/[^/]+)?$/ }, (args) => {
        const model = args.path.slice('@sorakit/kie/models/'.length)
        return {
          path:
            args.path === '@sorakit/kie'
              ? path.join(sources, 'index.ts')
              : path.join(sources, 'models', `${model}.gen.ts`),
        }
      })
    },
  }
  return bundle(app, { plugins: [scratchKie], nodePaths: [path.join(repositoryRoot, 'packages/kie/node_modules')] })
}

const measured = {}
for (const count of [0, addedModels]) {
  const root = await mkdtemp(path.join(tmpdir(), 'sorakit-growth-'))
  try {
    const codegenMs = await generateWithModels(root, count)
    measured[count] = {
      codegenMs,
      ...(await bundleAgainst(root, oneModelApp)),
      everyModel: await bundleAgainst(root, everyModelApp),
    }
    // The scratch sources are what was bundled: createSora over every model names the added ones.
    if (count > 0 && !measured[count].everyModel.code.includes('bench-model-0/text-to-video'))
      throw new Error('the growth bench did not bundle the scratch @sorakit/kie sources')
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
const [before, after] = [measured[0], measured[addedModels]]
const growth = after.minified - before.minified
const markdown = [
  `A one-model app (\`createSoraWithModels\` of \`@sorakit/sora/kie\` with \`kling30Video\`, one \`textToVideo\` call), bundled as above`,
  `(the whole bundle: no code splitting, nothing left for later), before and after ${addedModels}`,
  'more kie.ai text-to-video models are added to specs/ in a scratch copy and generated (`bench/facade-model-growth.mjs`):',
  '',
  `| kie.ai models | codegen | one-model app min | min+gz | \`createSora\` (every model) app min | min+gz |`,
  '|---:|---:|---:|---:|---:|---:|',
  ...[0, addedModels].map((count) => {
    const { codegenMs, minified, gzipped, everyModel } = measured[count]
    return `| +${count} | ${(codegenMs / 1000).toFixed(2)} s | ${kilobytes(minified)} | ${kilobytes(gzipped, 2)} | ${kilobytes(everyModel.minified)} | ${kilobytes(everyModel.gzipped, 2)} |`
  }),
  '',
  `**Target: ${addedModels} unused models grow the app by under ${kilobytes(target)} minified. ${growth < target ? `Met: it grows by ${growth} bytes` : `Not met: it grows by ${kilobytes(growth)}`}.**`,
  'Each model is its own generated module (`@sorakit/kie/models/<model>`); the app bundles the ones it passes',
  'in `models` and none of the others. `createSora` over every model still carries them all, and grows with each.',
].join('\n')
console.log(markdown)
writeReadmeFigures('facade-model-growth', markdown)
