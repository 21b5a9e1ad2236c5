import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes } from '../src/codegen-cli.js'
import { loadManifests } from '../src/provider-manifest.js'
import { createSandbox, repositoryRoot, type Sandbox } from './sandbox.js'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.remove()
  sandbox = undefined
})

const createTask = '/api/v1/jobs/createTask'
const downloadUrl = 'specs/kie/authored/kie-download-url.json'

/** Runs codegen on a sandbox after `breakIt`; expects a bad-input failure that wrote nothing. */
async function failure(breakIt: (sandbox: Sandbox) => Promise<void>): Promise<string> {
  sandbox = await createSandbox()
  await breakIt(sandbox)
  const { exitCode, output } = await sandbox.codegen()
  expect(exitCode).toBe(exitCodes.badInput)
  expect(existsSync(path.join(sandbox.root, 'packages'))).toBe(false)
  return output
}

describe('bad input gets a clear error naming the file and the JSON pointer', () => {
  it('malformed JSON: file, line and column', async () => {
    const output = await failure((box) =>
      box.writeText('specs/kie/vendored/sora-2-characters.json', '{\n  "openapi": "3.0.1",\n  "info": {\n}'),
    )
    expect(output).toMatch(/specs\/kie\/vendored\/sora-2-characters\.json: malformed JSON at line 4, column \d+/)
  })

  it('a dangling $ref: the file and pointer of the reference', async () => {
    const output = await failure((box) =>
      box.editJson(
        downloadUrl,
        (document) =>
          (document.paths['/api/v1/common/download-url'].post.responses['401'] = {
            $ref: '#/components/responses/Missing',
          }),
      ),
    )
    expect(output).toContain(
      `${downloadUrl}#/paths/~1api~1v1~1common~1download-url/post/responses/401/$ref: dangling $ref #/components/responses/Missing`,
    )
  })

  it('an overlay target that matches nothing: the overlay action and the document', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/overlays/kie-credits.overlay.json',
        (overlay) => (overlay.actions[0].target = "$.paths['/api/v1/chat/credits'].get.responses"),
      ),
    )
    expect(output).toContain(
      "specs/kie/overlays/kie-credits.overlay.json#/actions/0/target: target $.paths['/api/v1/chat/credits'].get.responses matches nothing in specs/kie/vendored/get-account-credits.json",
    )
  })

  it('an invalid JSONPath in an overlay', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/overlays/kie-credits.overlay.json',
        (overlay) => (overlay.actions[1].target = '$.paths['),
      ),
    )
    expect(output).toContain('specs/kie/overlays/kie-credits.overlay.json#/actions/1/target: invalid JSONPath $.paths[')
  })

  it('an overlay action without a reason', async () => {
    const output = await failure((box) =>
      box.editJson('specs/kie/overlays/kie-credits.overlay.json', (overlay) => delete overlay.actions[2].description),
    )
    expect(output).toContain(
      "specs/kie/overlays/kie-credits.overlay.json#/actions/2: missing required property 'description'",
    )
  })

  it('a duplicate model: both files', async () => {
    const output = await failure(async (box) => {
      await box.writeJson(
        'specs/kie/authored/kie-sora-2-text-to-video-copy.json',
        await box.readJson('specs/kie/authored/kie-sora-2-text-to-video.json'),
      )
      await box.editJson('specs/kie/manifest.json', (manifest) =>
        manifest.documents.push({
          file: 'authored/kie-sora-2-text-to-video-copy.json',
          origin: 'hand-authored',
          sources: ['test'],
        }),
      )
    })
    expect(output).toContain(
      "specs/kie/authored/kie-sora-2-text-to-video-copy.json#/paths/~1api~1v1~1jobs~1createTask/post/requestBody/content/application~1json/schema/properties/model/enum: model 'sora-2-text-to-video' is defined twice: here and in specs/kie/authored/kie-sora-2-text-to-video.json",
    )
  })

  it('the same component name with different content: both files', async () => {
    const output = await failure((box) =>
      box.editJson(
        downloadUrl,
        (document) =>
          (document.components = {
            schemas: { Envelope: { type: 'object', properties: { status: { type: 'string' } } } },
          }),
      ),
    )
    expect(output).toContain(
      `${downloadUrl}#/components/schemas/Envelope: component /components/schemas/Envelope is defined differently here and in specs/kie/authored/kie-create-task.json`,
    )
  })

  it('the same operation in two documents: both files', async () => {
    const output = await failure((box) =>
      box.editJson(
        downloadUrl,
        (document) =>
          (document.paths['/api/v1/chat/credit'] = { get: document.paths['/api/v1/common/download-url'].post }),
      ),
    )
    expect(output).toContain('is defined differently here and in specs/kie/vendored/get-account-credits.json')
  })

  it('a model document that defines responses of the shared operation', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/authored/kie-sora-2-text-to-video.json',
        (document) => (document.paths[createTask].post.responses = { 200: { description: 'ok' } }),
      ),
    )
    expect(output).toContain(
      "specs/kie/authored/kie-sora-2-text-to-video.json#/paths/~1api~1v1~1jobs~1createTask/post/responses: a model document only contributes a request body to the shared operation; its 'responses' belongs in the shared document",
    )
  })

  it('a model document that pins no single model id', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/authored/kie-sora-2-text-to-video.json',
        (document) =>
          (document.paths[createTask].post.requestBody.content['application/json'].schema.properties.model.enum = [
            'a',
            'b',
          ]),
      ),
    )
    expect(output).toContain("properties/model/enum: a model document must pin exactly one 'model' value in this enum")
  })

  it('a document that fails OpenAPI validation: file and pointer', async () => {
    const output = await failure((box) =>
      box.editJson(
        downloadUrl,
        (document) => delete document.paths['/api/v1/common/download-url'].post.responses['200'].description,
      ),
    )
    expect(output).toContain(
      `${downloadUrl}#/paths/~1api~1v1~1common~1download-url/post/responses/200: fails OpenAPI 3.1 validation: must have required property 'description'`,
    )
  })

  it('a document on a different host than its manifest says', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/apikley/manifest.json',
        (manifest) => (manifest.documents[1].overlays = ['../kie/overlays/kie-record-info.overlay.json']),
      ),
    )
    expect(output).toContain(
      "specs/kie/vendored/get-task-detail.json#/servers/0/url: server https://api.kie.ai differs from the manifest's 'api' server https://api.apikley.ru",
    )
  })

  it('a manifest that breaks its schema: the pointer of the bad value', async () => {
    const output = await failure((box) =>
      box.editJson('specs/kie/manifest.json', (manifest) => (manifest.documents[2].origin = 'copied')),
    )
    expect(output).toContain(
      'specs/kie/manifest.json#/documents/2/origin: must be one of ["vendored","hand-authored","reused"]',
    )
  })

  it('a catalog whose schema route leaves no place for the model id', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/manifest.json',
        (manifest) =>
          (manifest.catalog = {
            url: 'https://api.kie.ai/api/v1/models',
            schemaUrl: 'https://api.kie.ai/api/v1/models/schema',
            apiKeyVariable: 'KIE_API_KEY',
          }),
      ),
    )
    expect(output).toContain('specs/kie/manifest.json#/catalog/schemaUrl: must match pattern')
  })

  it('a vendored document without its upstream record', async () => {
    const output = await failure((box) =>
      box.editJson('specs/kie/manifest.json', (manifest) => delete manifest.documents[1].upstream),
    )
    expect(output).toContain("specs/kie/manifest.json#/documents/1: missing required property 'upstream'")
  })

  it('a document on an undeclared server', async () => {
    const output = await failure((box) =>
      box.editJson('specs/kie/manifest.json', (manifest) => (manifest.documents[4].server = 'files')),
    )
    expect(output).toContain(
      "specs/kie/manifest.json#/documents/4/server: unknown server 'files'; declare it under /servers (known: api, upload)",
    )
  })

  it('a missing document file', async () => {
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/manifest.json',
        (manifest) => (manifest.documents[7].file = 'authored/kie-sora-2-text-to-vidoe.json'),
      ),
    )
    expect(output).toContain('specs/kie/authored/kie-sora-2-text-to-vidoe.json: cannot read file (ENOENT)')
  })

  it("a reused document that its owner's manifest does not list", async () => {
    // The first provider (in folder order) that reuses kie's download-url document, read from the specs: a white label
    // may be added.
    const reuser = (await loadManifests(repositoryRoot)).flatMap((manifest) =>
      manifest.documents
        .filter((document) => document.origin === 'reused' && document.file === downloadUrl)
        .map((document) => `${manifest.manifestPath}#${document.manifestPointer}`),
    )[0]
    const output = await failure((box) =>
      box.editJson(
        'specs/kie/manifest.json',
        (manifest) =>
          (manifest.documents.find(
            (document: { file: string }) => document.file === 'authored/kie-download-url.json',
          ).file = 'authored/kie-download-urls.json'),
      ),
    )
    expect(output).toContain(
      `${reuser}/file: reused document ${downloadUrl} is not listed as vendored or hand-authored in its own provider's manifest`,
    )
  })

  it('reports every provider problem of one run together', async () => {
    const output = await failure(async (box) => {
      await box.writeText('specs/vtrix/authored/vtrix-sora-2-i2v.json', '[')
      await box.writeText('specs/kie/vendored/get-task-detail.json', '{')
    })
    expect(output).toContain('specs/vtrix/authored/vtrix-sora-2-i2v.json: malformed JSON')
    expect(output).toContain('specs/kie/vendored/get-task-detail.json: malformed JSON')
  })
})

describe('mock ports in manifests', () => {
  it('one per server', async () => {
    const output = await failure((box) =>
      box.editJson('specs/kie/manifest.json', (manifest) => delete manifest.mockPorts.upload),
    )
    expect(output).toContain("specs/kie/manifest.json#/mockPorts: no mock port for the 'upload' server")
  })

  it('unique across providers', async () => {
    const output = await failure((box) =>
      box.editJson('specs/vtrix/manifest.json', (manifest) => (manifest.mockPorts.api = 4013)),
    )
    expect(output).toContain("specs/vtrix/manifest.json#/mockPorts/api: mock port 4013 is already kie upload's")
  })
})
