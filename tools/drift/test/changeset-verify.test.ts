import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { stringifyJson, type JsonValue } from '@sorakit/codegen'
import { renderVerification, verifyChangesets } from '../src/changeset-verify.js'
import { exitCodes, main } from '../src/drift-cli.js'
import { changeCases, fixtureDocument } from './fixture-cases.js'

const run = promisify(execFile)
const repositories: string[] = []

afterEach(async () => {
  await Promise.all(repositories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })))
})

const gitEnvironment = {
  ...process.env,
  GIT_AUTHOR_NAME: 'drift test',
  GIT_AUTHOR_EMAIL: 'drift@test.invalid',
  GIT_COMMITTER_NAME: 'drift test',
  GIT_COMMITTER_EMAIL: 'drift@test.invalid',
}

async function git(root: string, ...args: string[]): Promise<void> {
  await run('git', args, { cwd: root, env: gitEnvironment })
}

async function put(root: string, file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true })
  await writeFile(path.join(root, file), content)
}

/**
 * A git repository with main holding the kie and Apikley bundled documents, the kie manifest and
 * an older major changeset (already on main, so it must not count), and a branch `work` checked out.
 */
async function repository(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'drift-changesets-'))
  repositories.push(root)
  await git(root, 'init', '-q', '-b', 'main')
  for (const provider of ['kie', 'apikley']) {
    await put(root, `packages/${provider}/openapi.json`, stringifyJson(fixtureDocument(`${provider}-openapi.json`)))
    await put(
      root,
      `packages/${provider}/package.json`,
      stringifyJson({ name: `@sorakit/${provider}`, version: '1.0.0' }),
    )
  }
  await put(root, 'specs/kie/manifest.json', '{}\n')
  await put(root, '.changeset/README.md', '# Changesets\n')
  await put(root, '.changeset/old-release.md', '---\n"@sorakit/kie": major\n---\n\nAn older change, already on main.\n')
  await git(root, 'add', '-A')
  await git(root, 'commit', '-q', '-m', 'main')
  await git(root, 'checkout', '-q', '-b', 'work')
  return root
}

function editedKie(caseName: string): JsonValue {
  return changeCases().find((change) => change.name === caseName)!.after
}

async function commitKie(root: string, document: JsonValue): Promise<void> {
  await put(root, 'packages/kie/openapi.json', stringifyJson(document))
  await put(root, 'specs/kie/manifest.json', '{"edited": true}\n')
  await git(root, 'add', '-A')
  await git(root, 'commit', '-q', '-m', 'spec change')
}

describe('specs:verify-changesets', () => {
  it('passes on main with no diff', async () => {
    const root = await repository()
    await git(root, 'checkout', '-q', 'main')
    const result = await verifyChangesets(root)
    expect(result).toMatchObject({ ok: true, specFiles: [], verdicts: [] })
    expect(renderVerification(result)).toContain('nothing to check')
  })

  it('fails a breaking change without a changeset, naming the package, the changes and the command', async () => {
    const root = await repository()
    await commitKie(root, editedKie('request-field-removed'))
    let printed = ''
    const code = await main(['verify-changesets', '--root', root], {
      out: (text) => (printed += text),
      err: (text) => (printed += text),
    })
    expect(code).toBe(exitCodes.findings)
    expect(printed).toContain('FAIL @sorakit/kie: its contract changed and needs a major changeset (found: none)')
    expect(printed).toContain(
      'breaking request-field-removed: POST /api/v1/jobs/createTask request body [model=sora-2-image-to-video] progressCallBackUrl',
    )
    expect(printed).toContain('run `pnpm changeset`, select @sorakit/kie, choose "major"')
    expect(printed).not.toContain('@sorakit/apikley')
  })

  it('fails when the changeset bump is too small, passes once it is large enough', async () => {
    const root = await repository()
    await commitKie(root, editedKie('request-field-removed'))
    await put(
      root,
      '.changeset/drop-progress.md',
      '---\n"@sorakit/kie": minor\n---\n\nprogressCallBackUrl is gone from image-to-video.\n',
    )
    const tooSmall = await verifyChangesets(root)
    expect(tooSmall.ok).toBe(false)
    expect(tooSmall.verdicts).toEqual([
      expect.objectContaining({
        package: '@sorakit/kie',
        needed: 'major',
        offered: 'minor',
        changesetFiles: ['.changeset/drop-progress.md'],
      }),
    ])
    expect(renderVerification(tooSmall)).toContain('(found: minor in .changeset/drop-progress.md)')
    await put(
      root,
      '.changeset/drop-progress.md',
      '---\n"@sorakit/kie": major\n---\n\nprogressCallBackUrl is gone from image-to-video.\n',
    )
    const enough = await verifyChangesets(root)
    expect(enough.ok).toBe(true)
    expect(renderVerification(enough)).toContain('ok   @sorakit/kie: needs major, found major')
  })

  it('asks for minor on an addition and patch on a documentation change', async () => {
    const added = await repository()
    await commitKie(added, editedKie('model-added'))
    expect((await verifyChangesets(added)).verdicts).toEqual([expect.objectContaining({ needed: 'minor', ok: false })])
    const reworded = await repository()
    await commitKie(reworded, editedKie('documentation-changed'))
    await put(reworded, '.changeset/wording.md', '---\n"@sorakit/kie": patch\n---\n\nClearer prompt description.\n')
    expect(await verifyChangesets(reworded)).toMatchObject({
      ok: true,
      verdicts: [expect.objectContaining({ needed: 'patch', offered: 'patch' })],
    })
  })

  it('reports a brand-new package (a white label whose bundle did not exist at the base) as an addition', async () => {
    const root = await repository()
    await put(root, 'packages/acme/openapi.json', stringifyJson(fixtureDocument('apikley-openapi.json')))
    await put(root, 'packages/acme/package.json', stringifyJson({ name: '@sorakit/acme', version: '0.0.0' }))
    await put(root, 'specs/acme/manifest.json', '{"id": "acme"}\n')
    await git(root, 'add', '-A')
    await git(root, 'commit', '-q', '-m', 'new white label')
    const result = await verifyChangesets(root)
    const [verdict] = result.verdicts
    expect(result.verdicts).toEqual([expect.objectContaining({ package: '@sorakit/acme', needed: 'minor', ok: false })])
    expect(verdict!.changes.filter((change) => change.classification === 'breaking')).toEqual([])
    expect(verdict!.changes.map((change) => change.rule)).toContain('operation-added')
    expect(result.diff!.providers.find((provider) => provider.provider === 'acme')).toMatchObject({
      packageStatus: 'added',
    })
    await put(root, '.changeset/acme.md', '---\n"@sorakit/acme": minor\n---\n\nNew white label acme.\n')
    expect((await verifyChangesets(root)).ok).toBe(true)
  })

  it('passes a spec change that changes no bundled document', async () => {
    const root = await repository()
    await commitKie(root, fixtureDocument('kie-openapi.json'))
    const result = await verifyChangesets(root)
    expect(result).toMatchObject({ ok: true, specFiles: ['specs/kie/manifest.json'], verdicts: [] })
  })

  it('reports a changeset without frontmatter as bad input', async () => {
    const root = await repository()
    await commitKie(root, editedKie('request-field-removed'))
    await put(root, '.changeset/broken.md', 'no frontmatter here\n')
    let printed = ''
    const code = await main(['verify-changesets', '--root', root], { out: () => {}, err: (text) => (printed += text) })
    expect(code).toBe(exitCodes.badInput)
    expect(printed).toContain('.changeset/broken.md: not a valid changeset')
  })

  it('reports an unknown base ref as bad input', async () => {
    const root = await repository()
    let printed = ''
    expect(
      await main(['verify-changesets', '--root', root, '--base', 'no-such-branch'], {
        out: () => {},
        err: (text) => (printed += text),
      }),
    ).toBe(exitCodes.badInput)
    expect(printed).toContain("unknown git ref 'no-such-branch'")
  })
})
