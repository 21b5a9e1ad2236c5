import { readFile, writeFile } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { staticAnswer } from '../src/cli-help.js'
import { commandHelp, mainHelp } from '../src/cli-help.js'
import { jsonLines, runInProcess } from './sorakit-process.js'

// What people expect of a CLI they know: a version, help by command, no silent overwrite, a way not
// to wait, and no half-started work when a flag cannot be honoured.

describe('sorakit --version and help <command>', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    for (const flag of ['--version', '-V', 'version'])
      expect(staticAnswer([flag])).toEqual({ text: `${version}\n`, exitCode: 0 })
  })

  it("prints a command's own help, and refuses an unknown one with exit 2", () => {
    expect(staticAnswer(['help', 'generate'])).toEqual({ text: commandHelp('generate'), exitCode: 0 })
    expect(staticAnswer(['help'])).toEqual({ text: mainHelp(), exitCode: 0 })
    expect(staticAnswer(['help', 'generat'])).toMatchObject({
      exitCode: 2,
      text: expect.stringContaining('Unknown command "generat" for help'),
    })
    expect(staticAnswer(['generate', '--help'])).toBeUndefined()
  })
})

describe.concurrent('generate', () => {
  it('refuses an existing --out file without --force, before any task; overwrites it with --force', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sorakit-cli-'))
    const out = path.join(folder, 'boat.mp4')
    await writeFile(out, 'an earlier video')
    const refused = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'A paper boat',
      '--out',
      out,
    ])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`--out ${out} exists; pass --force to overwrite it, or pick another path`)
    expect(refused.stdout).not.toMatch(/Created task/)
    expect(await readFile(out, 'utf8')).toBe('an earlier video')
    const forced = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'A paper boat',
      '--out',
      out,
      '--force',
    ])
    expect(forced.code, forced.stderr).toBe(0)
    expect((await readFile(out)).subarray(4, 8).toString('latin1')).toBe('ftyp')
  })

  it('--no-wait prints the handle and the resume command, and exits without waiting', async () => {
    const { code, stdout } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'A paper boat',
      '--no-wait',
      '--json',
    ])
    expect(code).toBe(0)
    const events = jsonLines(stdout)
    expect(events.map((event) => event['event'])).toEqual(['mock', 'created'])
    expect(events[1]).toMatchObject({ handle: { provider: 'kie' }, resume: expect.stringMatching(/^sorakit wait '/) })
  })

  it('a local --image for a provider without uploads is refused before anything is uploaded or created', async () => {
    const frame = path.join(import.meta.dirname, 'first-frame.png')
    const { code, stdout, stderr } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'vtrix',
      '--prompt',
      'A paper boat',
      '--image',
      frame,
    ])
    expect(code).toBe(2)
    expect(stderr).toContain(`--image ${frame}: vtrix.ai takes no file uploads; pass the image as a public http(s) URL`)
    expect(stdout).not.toMatch(/Uploading|Created task/)
  })
})
