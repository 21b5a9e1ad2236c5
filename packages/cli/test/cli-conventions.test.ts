import { once } from 'node:events'
import { readFile, writeFile } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { providerRegistry } from '@sorakit/provider-registry'
import { describe, expect, inject, it } from 'vitest'
import { staticAnswer } from '../src/cli-help.js'
import { commandHelp, mainHelp } from '../src/cli-help.js'
import { createReporter, humanSize } from '../src/cli-output.js'
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
    const { handle } = events[1] as { handle: { taskId: string } }
    expect(events[1]).toMatchObject({
      handle: { provider: 'kie' },
      resume: `sorakit wait ${handle.taskId} --provider kie --mock`,
    })
    // Without --json: the handle, the result, is the only line on stdout; the resume hint is on stderr.
    const plain = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'A paper boat',
      '--no-wait',
    ])
    expect(plain.code).toBe(0)
    const printed = JSON.parse(plain.stdout) as { provider: string; taskId: string }
    expect(printed).toMatchObject({ provider: 'kie', taskId: expect.any(String) })
    expect(plain.stderr).toContain(`Resume with: sorakit wait ${printed.taskId} --provider kie --mock\n`)
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

  // Providers that sell image-to-video only (fal's vendored endpoints), from the generated tables.
  const imageOnly = Object.values(providerRegistry)
    .map(({ table }) => table)
    .filter((table) => !Object.values(table.models).some((model) => model.operations.includes('textToVideo')))
  it.each(imageOnly.map((table) => [table.id, table] as const))(
    '%s: a prompt without --image says to pass one (exit 2); with an image URL the video is made and saved',
    async (id, table) => {
      const without = await runInProcess(['generate', '--mock', '--provider', id, '--prompt', 'A horse runs'])
      expect(without.code).toBe(2)
      expect(without.stderr).toContain(`${table.displayName} makes videos from an image only: pass --image`)
      expect(without.stdout).not.toMatch(/Created task/)
      const folder = await mkdtemp(path.join(os.tmpdir(), 'sorakit-image-only-'))
      const out = path.join(folder, 'horse.mp4')
      const made = await runInProcess([
        'generate',
        '--mock',
        '--provider',
        id,
        '--prompt',
        'A horse runs',
        '--image',
        'https://example.com/first-frame.png',
        '--out',
        out,
        '--json',
      ])
      expect(made.code, made.stderr).toBe(0)
      expect(jsonLines(made.stdout).map((line) => line['event'])).toEqual(
        expect.arrayContaining(['created', 'succeeded', 'downloaded']),
      )
      expect((await readFile(out)).subarray(4, 8).toString()).toBe('ftyp')
    },
  )
})

describe('--mock checks that it talks to the sorakit mock; --mock-url names one', () => {
  /** An HTTP server that is not the mock, as another dev server on the mock's port would be. */
  async function foreignServer(): Promise<{ url: string; port: number; close(): void }> {
    const server = createServer((_request, response) => response.writeHead(404).end('Cannot GET'))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, port, close: () => server.close() }
  }
  const generate = ['generate', '--provider', 'kie', '--prompt', 'A paper boat', '--no-wait']

  it('refuses another program on the mock port or at --mock-url, exit 2, before any request to it', async () => {
    const foreign = await foreignServer()
    try {
      const onPort = await runInProcess([...generate, '--mock'], {
        environment: { SORAKIT_MOCK_KIE_PORT: String(foreign.port) },
      })
      const atUrl = await runInProcess([...generate, '--mock-url', foreign.url])
      for (const run of [onPort, atUrl]) {
        expect(run.code).toBe(2)
        expect(run.stderr).toContain(`${foreign.url} is not the sorakit mock (GET /__mock answered 404`)
        expect(run.stdout).toBe('')
      }
    } finally {
      foreign.close()
    }
  })

  it('runs against the mock at --mock-url, refuses one serving another provider, and resumes with it', async () => {
    const urls = inject('mockUrls')
    const run = await runInProcess([...generate, '--mock-url', urls['kie']!])
    expect(run.code).toBe(0)
    const handle = JSON.parse(run.stdout) as { taskId: string; baseUrl: string }
    expect(handle.baseUrl).toBe(urls['kie'])
    expect(run.stderr).toContain(`Resume with: sorakit wait ${handle.taskId} --provider kie --mock-url ${urls['kie']}`)
    const wrong = await runInProcess([...generate, '--mock-url', urls['apikley']!])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain(`The sorakit mock at ${urls['apikley']} serves apikley, not kie`)
  })
})

describe('the provider from the only key set', () => {
  it('uses the one provider whose key is set, and says so on stderr; with two keys it asks', async () => {
    const single = await runInProcess(['generate', '--mock', '--prompt', 'A paper boat', '--no-wait'], {
      environment: { VTRIX_API_KEY: 'sk-vtrix-only' },
    })
    expect(single.code).toBe(0)
    expect(single.stderr).toContain('Using --provider vtrix: VTRIX_API_KEY is the only provider key set')
    expect(JSON.parse(single.stdout)).toMatchObject({ provider: 'vtrix' })
    const two = await runInProcess(['generate', '--mock', '--prompt', 'A paper boat', '--no-wait'], {
      environment: { VTRIX_API_KEY: 'sk-vtrix', KIE_API_KEY: 'sk-kie' },
    })
    expect(two.code).toBe(2)
    expect(two.stderr).toMatch(/Name the provider with --provider <id>/)
  })

  // Providers whose own tools read another variable (fal's FAL_KEY), from the generated tables.
  const ownVariables = Object.values(providerRegistry).flatMap(({ table }) => {
    const { keyVariable } = table.auth as { keyVariable?: string }
    return keyVariable === undefined ? [] : [[table.id, keyVariable] as const]
  })
  it.each(ownVariables)("%s: the provider's own key variable (%s) picks it and is asked for", async (id, variable) => {
    const image = ['--image', 'https://example.com/first-frame.png']
    const single = await runInProcess(['generate', '--mock', '--prompt', 'A horse', ...image, '--no-wait'], {
      environment: { [variable]: 'sk-own-variable' },
    })
    expect(single.code, single.stderr).toBe(0)
    expect(single.stderr).toContain(`Using --provider ${id}: ${variable} is the only provider key set`)
    const none = await runInProcess(['generate', '--provider', id, '--prompt', 'A horse', ...image], {
      environment: {},
    })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain(`set ${id.toUpperCase()}_API_KEY or ${variable}`)
  })
})

describe('sizes and colour', () => {
  it('prints sizes in decimal units', () => {
    expect([999, 23_548, 4_200_000, 1_500_000_000].map(humanSize)).toEqual(['999 bytes', '23.5 kB', '4.2 MB', '1.5 GB'])
  })

  it('colours a terminal, never a pipe, never with NO_COLOR', async () => {
    const written = async (isTTY: boolean, environment: NodeJS.ProcessEnv) => {
      let text = ''
      const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream
      const reporter = await createReporter('lines', stream, stream, [], environment)
      reporter.emit({ event: 'error', kind: 'usage', message: 'bad flag', exitCode: 2 })
      reporter.emit({ event: 'downloaded', path: 'boat.mp4', bytes: 23_548 })
      return text
    }
    const escape = /\u001b\[/
    expect(await written(true, {})).toMatch(escape)
    expect(await written(false, {})).not.toMatch(escape)
    expect(await written(true, { NO_COLOR: '1' })).not.toMatch(escape)
    expect(await written(true, { NO_COLOR: '1' })).toBe('sorakit: bad flag\nSaved boat.mp4 (23.5 kB)\n')
    // A terminal's stderr with stdout redirected to a file: the result in the file stays plain.
    let file = ''
    let screen = ''
    const terminal = {
      isTTY: true,
      write: (chunk: string) => ((screen += chunk), true),
    } as unknown as NodeJS.WriteStream
    const redirected = {
      isTTY: false,
      write: (chunk: string) => ((file += chunk), true),
    } as unknown as NodeJS.WriteStream
    const reporter = await createReporter('lines', redirected, terminal, [], {})
    reporter.emit({ event: 'error', kind: 'usage', message: 'bad flag', exitCode: 2 })
    reporter.emit({ event: 'downloaded', path: 'boat.mp4', bytes: 23_548 })
    expect(screen).toMatch(escape)
    expect(file).toBe('Saved boat.mp4 (23.5 kB)\n')
  })
})
