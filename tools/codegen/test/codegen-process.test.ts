import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes } from '../src/codegen-cli.js'
import { createSandbox, type Sandbox } from './sandbox.js'

// The CLI as CI runs it: a child process. In-process tests cannot see a process that never exits
// (a referenced worker thread kept every failed run alive until CI's own time-out). A run takes about
// 2 s on an idle machine; the limit leaves room for a CI machine running every suite at once.
const hangLimitMs = 90_000

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.remove()
  sandbox = undefined
})

/** sha256 of every file under packages/ with its relative path, to prove a failed run wrote nothing. */
async function packagesDigest(root: string): Promise<string> {
  const hash = createHash('sha256')
  const entries = await readdir(path.join(root, 'packages'), { recursive: true, withFileTypes: true })
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
  for (const file of files)
    hash
      .update(path.relative(root, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0')
  return hash.digest('hex')
}

const badInputs: { name: string; breakIt: (box: Sandbox) => Promise<void>; names: RegExp }[] = [
  {
    name: 'malformed JSON',
    breakIt: (box) => box.writeText('specs/kie/vendored/sora-2-characters.json', '{\n  "openapi": '),
    names: /specs\/kie\/vendored\/sora-2-characters\.json: malformed JSON at line \d+, column \d+/,
  },
  {
    name: 'a dangling $ref',
    breakIt: (box) =>
      box.editJson(
        'specs/kie/authored/kie-download-url.json',
        (document) =>
          (document.paths['/api/v1/common/download-url'].post.responses['401'] = {
            $ref: '#/components/responses/Missing',
          }),
      ),
    names:
      /specs\/kie\/authored\/kie-download-url\.json#\/paths\/~1api~1v1~1common~1download-url\/post\/responses\/401\/\$ref: dangling \$ref/,
  },
  {
    name: 'an overlay target that matches nothing',
    breakIt: (box) =>
      box.editJson(
        'specs/kie/overlays/kie-credits.overlay.json',
        (overlay) => (overlay.actions[0].target = "$.paths['/nowhere'].get"),
      ),
    names: /specs\/kie\/overlays\/kie-credits\.overlay\.json#\/actions\/0\/target: target .* matches nothing/,
  },
  {
    name: 'a manifest that breaks its schema',
    breakIt: (box) =>
      box.editJson('specs/vtrix/manifest.json', (manifest) => (manifest.documents[0].origin = 'copied')),
    names: /specs\/vtrix\/manifest\.json#\/documents\/0\/origin: must be one of/,
  },
]

describe('the codegen CLI as a process', () => {
  for (const { name, breakIt, names } of badInputs) {
    it(
      `exits 2 within seconds on ${name}, naming file and pointer, leaving packages/ untouched`,
      async () => {
        sandbox = await createSandbox({ withPackages: true })
        const before = await packagesDigest(sandbox.root)
        await breakIt(sandbox)
        const { exitCode, output, elapsedMs } = await sandbox.codegenProcess({ timeoutMs: hangLimitMs })
        expect(exitCode, `still running after ${Math.round(elapsedMs)} ms: the CLI hangs`).toBe(exitCodes.badInput)
        expect(output).toMatch(names)
        expect(await packagesDigest(sandbox.root)).toBe(before)
      },
      hangLimitMs + 10_000,
    )
  }

  it(
    'exits 0 on good specs',
    async () => {
      sandbox = await createSandbox({ withPackages: true })
      const { exitCode, output, elapsedMs } = await sandbox.codegenProcess({ timeoutMs: hangLimitMs }, '--check')
      expect(output).toContain('up to date')
      expect(exitCode, `still running after ${Math.round(elapsedMs)} ms: the CLI hangs`).toBe(exitCodes.ok)
    },
    hangLimitMs + 10_000,
  )
})
