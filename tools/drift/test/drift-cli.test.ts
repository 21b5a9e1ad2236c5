import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify as stringifyYaml } from 'yaml'
import { stringifyJson, type JsonValue } from '@sorakit/codegen'
import type { DiffReport } from '../src/diff-report.js'
import { exitCodes, main } from '../src/drift-cli.js'
import type { WhitelabelReport } from '../src/whitelabel-report.js'
import { changeCases, fixtureDocument } from './fixture-cases.js'

const run = promisify(execFile)
const folders: string[] = []

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

async function folderWith(files: Record<string, JsonValue | string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'drift-cli-'))
  folders.push(root)
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true })
    await writeFile(path.join(root, file), typeof content === 'string' ? content : stringifyJson(content))
  }
  return root
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text) })
  return { code, out, err }
}

const stateAdded = changeCases().find((change) => change.name === 'response-enum-value-added')!

describe('specs:diff <old.json> <new.json>', () => {
  it('prints a markdown table and the bump', async () => {
    const root = await folderWith({ 'old.json': stateAdded.before, 'new.json': stateAdded.after })
    const { code, out } = await cli('diff', path.join(root, 'old.json'), path.join(root, 'new.json'))
    expect(code).toBe(exitCodes.ok)
    expect(out).toContain('3 breaking, 0 non-breaking, 0 info → needs a major changeset')
    expect(out).toContain('| classification | rule | operation | where | change |')
    expect(out).toContain(
      '| breaking | response-enum-value-added | GET /api/v1/jobs/recordInfo | response 200 data.state | enum value "cancelled" added |',
    )
  })

  it('prints the documented JSON with --json', async () => {
    const root = await folderWith({ 'old.json': stateAdded.before, 'new.json': stateAdded.after })
    const { out } = await cli('diff', path.join(root, 'old.json'), path.join(root, 'new.json'), '--json')
    const report = JSON.parse(out) as DiffReport
    expect(report).toMatchObject({ format: 'sorakit-spec-diff', version: 1 })
    expect(report.providers[0]).toMatchObject({ bump: 'major', counts: { breaking: 3, 'non-breaking': 0, info: 0 } })
    expect(report.providers[0]!.changes[0]).toEqual({
      rule: 'response-enum-value-added',
      classification: 'breaking',
      operation: 'POST /api/v1/jobs/createTask',
      location: 'callback taskCompleted POST {$request.body#/callBackUrl} body data.state',
      message: 'enum value "cancelled" added',
      after: ['cancelled'],
    })
  })

  it('reads YAML documents (.yaml, .yml) as providers publish them, with the same result as JSON', async () => {
    const root = await folderWith({
      'old.yaml': stringifyYaml(stateAdded.before),
      'new.yml': stringifyYaml(stateAdded.after),
      'old.json': stateAdded.before,
      'new.json': stateAdded.after,
    })
    const fromYaml = await cli('diff', path.join(root, 'old.yaml'), path.join(root, 'new.yml'), '--json')
    const fromJson = await cli('diff', path.join(root, 'old.json'), path.join(root, 'new.json'), '--json')
    expect(fromYaml.code).toBe(exitCodes.ok)
    const [yamlReport, jsonReport] = [JSON.parse(fromYaml.out) as DiffReport, JSON.parse(fromJson.out) as DiffReport]
    expect(yamlReport.providers[0]!.changes).toEqual(jsonReport.providers[0]!.changes)
    expect(yamlReport.providers[0]).toMatchObject({ bump: 'major', counts: { breaking: 3 } })
  })

  it('names line and column of malformed YAML', async () => {
    const root = await folderWith({
      'old.yaml': stringifyYaml(stateAdded.before),
      'broken.yaml': 'openapi: 3.1.0\npaths:\n  /a: {get: [\n',
    })
    expect(await cli('diff', path.join(root, 'old.yaml'), path.join(root, 'broken.yaml'))).toMatchObject({
      code: exitCodes.badInput,
      err: expect.stringMatching(/broken\.yaml: malformed YAML at line \d+, column \d+/),
    })
  })

  it('rejects one file, a file that is not an OpenAPI document, and a missing file, saying what to pass', async () => {
    const root = await folderWith({ 'old.json': stateAdded.before, 'package.json': { name: 'x' } })
    expect(await cli('diff', path.join(root, 'old.json'))).toMatchObject({
      code: exitCodes.badInput,
      err: expect.stringContaining('no file or two files'),
    })
    expect(await cli('diff', path.join(root, 'old.json'), path.join(root, 'package.json'))).toMatchObject({
      code: exitCodes.badInput,
      err: expect.stringContaining('not an OpenAPI document'),
    })
    expect(await cli('diff', path.join(root, 'old.json'), path.join(root, 'gone.json'))).toMatchObject({
      code: exitCodes.badInput,
      err: expect.stringContaining('cannot read (ENOENT)'),
    })
  })
})

describe('specs:diff --base <git-ref>', () => {
  it('compares the bundled documents committed at the ref with the working tree', async () => {
    const root = await folderWith({
      'packages/kie/openapi.json': stateAdded.before,
      'packages/kie/package.json': { name: '@sorakit/kie' },
      'packages/vtrix/openapi.json': fixtureDocument('vtrix-openapi.json'),
      'packages/vtrix/package.json': { name: '@sorakit/vtrix' },
    })
    const environment = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@test.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@test.invalid',
    }
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '-A'],
      ['commit', '-q', '-m', 'base'],
    ])
      await run('git', args, { cwd: root, env: environment })
    await writeFile(path.join(root, 'packages/kie/openapi.json'), stringifyJson(stateAdded.after))
    const { code, out } = await cli('diff', '--root', root, '--base', 'HEAD', '--json')
    expect(code).toBe(exitCodes.ok)
    const report = JSON.parse(out) as DiffReport
    expect(report.providers.map((provider) => [provider.package, provider.bump])).toEqual([
      ['@sorakit/kie', 'major'],
      ['@sorakit/vtrix', null],
    ])
  })
})

describe('specs:whitelabel', () => {
  it('tables what Apikley lacks, adds and changes compared with kie', async () => {
    const root = await folderWith({
      'packages/kie/openapi.json': fixtureDocument('kie-openapi.json'),
      'packages/apikley/openapi.json': fixtureDocument('apikley-openapi.json'),
    })
    const markdown = await cli('whitelabel', 'kie', 'apikley', '--root', root)
    expect(markdown.out).toContain('## What apikley lacks (14)')
    expect(markdown.out).toContain(
      '| breaking | request-field-removed | POST /api/v1/jobs/createTask | request body [model=sora-2-image-to-video] progressCallBackUrl | field removed |',
    )
    const { out } = await cli('whitelabel', 'kie', 'apikley', '--root', root, '--json')
    const report = JSON.parse(out) as WhitelabelReport
    const lacks = report.differences
      .filter((difference) => difference.kind === 'lacks')
      .map((difference) => difference.location)
    expect(lacks).toEqual(
      expect.arrayContaining([
        'callback taskProgress POST {$request.body#/progressCallBackUrl}',
        'request body model',
        'request body [model=sora-2-pro-text-to-video] input.upload_method',
      ]),
    )
    expect(
      report.differences
        .filter((difference) => difference.rule === 'server-url-changed')
        .map((difference) => difference.after),
    ).toEqual([
      ['https://api.apikley.ru'],
      ['https://api.apikley.ru/file-upload'],
      ['https://api.apikley.ru/file-upload'],
    ])
  })

  it('says which providers exist when one is unknown', async () => {
    const root = await folderWith({ 'packages/kie/openapi.json': fixtureDocument('kie-openapi.json') })
    expect(await cli('whitelabel', 'kie', 'apikly', '--root', root)).toMatchObject({
      code: exitCodes.badInput,
      err: expect.stringContaining('no bundled document packages/apikly/openapi.json; known: kie'),
    })
  })
})
