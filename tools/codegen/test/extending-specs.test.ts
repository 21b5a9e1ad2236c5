import { cp, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes } from '../src/codegen-cli.js'
import { createSandbox, repositoryRoot, type Sandbox } from './sandbox.js'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.remove()
  sandbox = undefined
})

describe('adding a model or a provider means adding spec files, not code', () => {
  it('a new model document becomes a member of the createTask union, typed and in the provider table', async () => {
    sandbox = await createSandbox({ withPackages: true })
    const modelsBefore = Number(/(\d+) models/.exec((await sandbox.codegen('--check')).output)?.[1])
    const document = await sandbox.readJson('specs/kie/authored/kie-sora-2-text-to-video.json')
    const schema = document.paths['/api/v1/jobs/createTask'].post.requestBody.content['application/json'].schema
    schema.properties.model = { type: 'string', enum: ['sora-2-text-to-video-stable'] }
    delete schema.properties.progressCallBackUrl
    delete schema.properties.input.properties.remove_watermark
    await sandbox.writeJson('specs/kie/authored/kie-sora-2-text-to-video-stable.json', document)
    await sandbox.editJson('specs/kie/manifest.json', (manifest) =>
      manifest.documents.push({ file: 'authored/kie-sora-2-text-to-video-stable.json', origin: 'hand-authored', model: { operation: 'textToVideo', aliases: ['sora-2-stable'], availability: { status: 'paused', since: '2026-06-11', source: 'a test fixture' } }, sources: ['https://kie.ai/sora-2'] }),
    )
    const { exitCode, output } = await sandbox.codegen()
    expect(exitCode).toBe(exitCodes.ok)
    expect(output).toContain(`${modelsBefore + 1} models`)
    const types = await sandbox.readText('packages/kie/src/kie-openapi.gen.ts')
    expect(types).toContain('components["schemas"]["Sora2TextToVideoStableRequest"]')
    expect(types).toMatch(/model: "sora-2-text-to-video-stable";/)
    const table = await sandbox.readText('packages/kie/src/kie-provider.gen.ts')
    expect(table).toContain('"sora-2-text-to-video-stable": {')
    // The operation's common-parameter mappings reach the new model where it has the field: n_frames yes, remove_watermark (deleted) no.
    const kieProvider = JSON.parse(table.slice(table.indexOf('= {') + 2, table.indexOf(' as const satisfies ProviderTable')))
    const stable = kieProvider.models['sora-2-text-to-video-stable']
    expect(stable).toMatchObject({ operations: ['textToVideo'], aliases: ['sora-2-stable'], availability: { status: 'paused' }, commonParameters: { durationSeconds: { field: 'n_frames', encoding: 'number-as-string' } } })
    expect(stable.commonParameters.seed).toBeUndefined()
    expect(await sandbox.readText('packages/kie/README.md')).toContain('### `sora-2-text-to-video-stable`')
    // Nothing outside the kie package changed.
    expect((await sandbox.codegen('--check')).exitCode).toBe(exitCodes.ok)
    expect(await sandbox.readText('packages/vtrix/openapi.json')).toBe(await readFile(path.join(repositoryRoot, 'packages/vtrix/openapi.json'), 'utf8'))
    expect(await sandbox.readText('packages/apikley/src/apikley-openapi.gen.ts')).toBe(await readFile(path.join(repositoryRoot, 'packages/apikley/src/apikley-openapi.gen.ts'), 'utf8'))
  })

  it('refuses facade facts the contract or the model cannot honour, naming the manifest pointer', async () => {
    sandbox = await createSandbox()
    const cases: Array<[edit: (manifest: any) => void, expected: string]> = [
      [(manifest) => (manifest.documents.find((document: any) => document.model?.operation === 'textToVideo').model.operation = 'textToMusic'), "unknown facade operation 'textToMusic'"],
      [(manifest) => (manifest.defaultModels.textToVideo = 'sora-2-image-to-video'), "specs/kie/manifest.json#/defaultModels/textToVideo: default model 'sora-2-image-to-video' is not a textToVideo model of kie; name one of kling-3.0/video, "],
      [(manifest) => (manifest.defaultModels.textToVideo = 'sora-2-text-to-video'), "specs/kie/manifest.json#/defaultModels/textToVideo: default model 'sora-2-text-to-video' is paused; name an available textToVideo model (kling-3.0/video, "],
      [(manifest) => delete manifest.documents.find((document: any) => document.model?.operation === 'textToVideo').model.availability, "missing required property 'availability'"],
      [(manifest) => (manifest.documents.find((document: any) => document.model?.operation === 'textToVideo').model.commonParameters = { durationSeconds: { field: 'duration' } }), "no field 'duration'"],
      [(manifest) => (manifest.commonParameters.textToVideo.loudness = { field: 'prompt' }), "unknown common parameter 'loudness'"],
      [(manifest) => (manifest.commonParameters.textToVideo.durationSeconds[0].encoding = 'roman-numerals'), "unknown encoding 'roman-numerals'"],
      [(manifest) => (manifest.commonParameters.imageToVideo.lastFrameImageUrl.encoding = 'number-as-string'), 'position goes with encoding list'],
      [(manifest) => (manifest.documents.find((document: any) => document.model?.operation === 'imageToVideo').model.aliases = ['sora-2-image-to-video', 'sora-2-pro']), "alias 'sora-2-pro' of 'sora-2-pro-image-to-video' already selects"],
      [(manifest) => (manifest.services.credits = 'get-account-balance'), "operation 'get-account-balance' is not in kie's bundled document"],
      [(manifest) => (manifest.modelOperation.modelIn = 'path'), "modelIn 'path'"],
    ]
    const original = await sandbox.readJson('specs/kie/manifest.json')
    for (const [edit, expected] of cases) {
      const manifest = structuredClone(original)
      edit(manifest)
      await sandbox.writeJson('specs/kie/manifest.json', manifest)
      const { exitCode, output } = await sandbox.codegen('--check')
      expect(exitCode, output).toBe(exitCodes.badInput)
      expect(output).toContain(expected)
    }
  })

  it('a new provider folder becomes a package of the same shape', async () => {
    sandbox = await createSandbox()
    await cp(path.join(sandbox.root, 'specs/vtrix'), path.join(sandbox.root, 'specs/vtrixmirror'), { recursive: true })
    await sandbox.editJson('specs/vtrixmirror/manifest.json', (manifest) => {
      manifest.id = 'vtrixmirror'
      manifest.displayName = 'vtrix mirror'
      manifest.servers.api = 'https://mirror.example.com'
      manifest.mockPorts = { api: 4099 }
    })
    const { exitCode, output } = await sandbox.codegen()
    expect(exitCode).toBe(exitCodes.ok)
    expect(output).toContain('4 providers')
    const client = await sandbox.readText('packages/vtrixmirror/src/vtrixmirror-client.gen.ts')
    expect(client).toContain('export function createVtrixmirrorClient(options: VtrixmirrorClientOptions): VtrixmirrorClient')
    expect(await sandbox.readJson('packages/vtrixmirror/package.json')).toMatchObject({ name: '@sorakit/vtrixmirror', exports: { '.': { default: './dist/index.js' } }, repository: { directory: 'packages/vtrixmirror' } })
    expect(await sandbox.readText('packages/vtrixmirror/LICENSE')).toBe(await readFile(path.join(repositoryRoot, 'LICENSE'), 'utf8'))
    expect((await sandbox.readJson('packages/vtrixmirror/openapi.json')).servers).toEqual([{ url: 'https://mirror.example.com' }])
  })
})
