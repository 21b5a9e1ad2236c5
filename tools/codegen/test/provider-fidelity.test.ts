import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildProviders, type ProviderBuild } from '../src/codegen-run.js'
import { checkFidelity } from '../src/provider-fidelity.js'
import { factKey, seedFacts } from '../src/seed-facts.js'
import { loadManifests } from '../src/provider-manifest.js'
import { repositoryRoot } from './sandbox.js'

// Every provider of specs/, as codegen itself reads them.
const providerIds = (await loadManifests(repositoryRoot)).map((manifest) => manifest.id)

let builds: ProviderBuild[]
beforeAll(async () => {
  builds = await buildProviders(repositoryRoot)
})

async function committedBundle(id: string) {
  return JSON.parse(await readFile(path.join(repositoryRoot, 'packages', id, 'openapi.json'), 'utf8'))
}

describe('fidelity: every seed fact of the vendored documents reaches the bundled openapi.json', () => {
  it.each(providerIds)('%s: no fact lost by a merge or outside an overlay target', async (id) => {
    const build = builds.find((candidate) => candidate.manifest.id === id)!
    const report = checkFidelity(build.manifest, build.stages, await committedBundle(id))
    expect(report.problems.map((problem) => problem.message)).toEqual([])
  })

  it('walks a meaningful number of facts, model by model', () => {
    const kie = builds.find((build) => build.manifest.id === 'kie')!
    const facts = seedFacts(kie.merged.document, kie.manifest.modelOperation).map(factKey)
    expect(facts.length).toBeGreaterThan(1000)
    expect(facts).toContain(
      'POST /api/v1/jobs/createTask model=sora-2-image-to-video request application/json.input | required:image_urls',
    )
    expect(facts).toContain(
      'POST /api/v1/jobs/createTask model=sora-2-pro-storyboard request application/json.input.n_frames | enum:"25"',
    )
    expect(facts).toContain(
      'POST /api/v1/jobs/createTask model=sora-2-characters-pro request application/json.input.character_user_name | maxLength:40',
    )
    expect(facts).toContain('GET /api/v1/jobs/recordInfo response 200 application/json.data.state | enum:"generating"')
  })

  it('the facts overlays dropped on purpose are the reviewed list', () => {
    const dropped = builds.flatMap((build) =>
      checkFidelity(build.manifest, build.stages, build.merged.document).dropped.map(
        (removal) =>
          `${build.manifest.id}: ${removal.fact.location} ${removal.fact.fact} (${path.basename(removal.action.overlayFile)} #${removal.action.actionIndex})`,
      ),
    )
    expect(dropped).toMatchSnapshot()
  })

  it('fails when the bundle loses an enum value', async () => {
    const kie = builds.find((build) => build.manifest.id === 'kie')!
    const bundle = await committedBundle('kie')
    bundle.components.schemas.Sora2ProStoryboardRequest.properties.input.properties.n_frames.enum = ['10', '15']
    const report = checkFidelity(kie.manifest, kie.stages, bundle)
    expect(report.problems.map((problem) => problem.message)).toEqual([
      'specs/kie/vendored/sora-2-pro-storyboard.json#/paths/~1api~1v1~1jobs~1createTask/post/requestBody/content/application~1json/schema/properties/input/properties/n_frames/enum: fact lost: POST /api/v1/jobs/createTask model=sora-2-pro-storyboard request application/json.input.n_frames enum:"25" (the bundle of kie does not state it)',
    ])
  })

  it('fails when the bundle loses a model, a limit or a required entry', async () => {
    const kie = builds.find((build) => build.manifest.id === 'kie')!
    const bundle = await committedBundle('kie')
    delete bundle.components.schemas.Sora2CharactersRequest.properties.input.properties.character_prompt.maxLength
    bundle.components.schemas.Sora2ImageToVideoRequest.properties.input.required = ['prompt']
    delete bundle.paths['/api/v1/jobs/createTask'].post.requestBody.content['application/json'].schema.discriminator
      .mapping['sora-watermark-remover']
    const lost = checkFidelity(kie.manifest, kie.stages, bundle).problems.map((problem) => problem.message)
    expect(
      lost.some((message) =>
        message.includes('sora-2-characters request application/json.input.character_prompt maxLength:5000'),
      ),
    ).toBe(true)
    expect(
      lost.some((message) =>
        message.includes('sora-2-image-to-video request application/json.input required:image_urls'),
      ),
    ).toBe(true)
    expect(
      lost.some((message) =>
        message.includes('model=sora-watermark-remover request application/json.input.video_url maxLength:500'),
      ),
    ).toBe(true)
  })
})
