import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { providerRegistry } from '@sorakit/provider-registry'
import { describe, expect, inject, it } from 'vitest'
import { jsonLines, runInProcess } from './sorakit-process.js'

const secret = 'sk-cli-test-secret-0123456789'
// What a call without --model runs on kie.ai: the manifest's defaults, from the generated table.
const kieDefaults: Record<string, string | undefined> = providerRegistry.kie.table.defaultModels

async function scratchFolder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'sorakit-cli-'))
}

/** The saved file is the mock's MP4 (an ISO BMFF `ftyp` box first), whole. */
async function expectVideo(file: string, bytes?: number): Promise<void> {
  const content = await readFile(file)
  expect(content.length).toBeGreaterThan(0)
  expect(content.subarray(4, 8).toString('latin1')).toBe('ftyp')
  if (bytes !== undefined) expect(content.length).toBe(bytes)
}

// runCli in this process (piped output), against the suite's lifecycle mocks: independent runs (own
// folders, fresh task ids) that mostly wait on polls, so concurrent. The bin in a terminal, Ctrl-C and
// the default output folder run as processes in cli-process.test.ts (`pnpm test:release`).
describe.concurrent('sorakit generate against the lifecycle mocks', () => {
  it('piped: plain progress lines, then the video downloaded to --out', async () => {
    const folder = await scratchFolder()
    const out = path.join(folder, 'boat.mp4')
    const { code, stdout, stderr } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'A paper boat',
      '--duration',
      '10',
      '--aspect',
      '16:9',
      '--out',
      out,
    ])
    expect(code).toBe(0)
    // Progress and hints on stderr; the result, the saved file, alone on stdout (`> file` keeps the screen informed).
    const taskId = new RegExp(
      `^Created task (\\S+) \\(kie ${kieDefaults.textToVideo!.replaceAll('.', '\\.')}\\)$`,
      'm',
    ).exec(stderr)?.[1]
    expect(taskId).toBeDefined()
    expect(stderr).toMatch(new RegExp(`^${taskId} (queued|running)`, 'm'))
    expect(stderr).toContain(`${taskId} succeeded 100%`)
    expect(stderr).toContain(`Resume with: sorakit wait ${taskId} --provider kie --mock --out ${out}\n`)
    expect(stdout).toMatch(new RegExp(`^Saved ${out.replaceAll('.', '\\.')} \\(\\d+(\\.\\d)? kB\\)\n$`))
    await expectVideo(out)
    expect(await readdir(folder)).toEqual(['boat.mp4'])
  })

  it('--json: one object per line, from the created handle through rising progress to the download', async () => {
    const folder = await scratchFolder()
    const out = path.join(folder, 'boat.mp4')
    const { code, stdout } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'vtrix',
      '--prompt',
      'A paper boat',
      '--duration',
      '4',
      '--aspect',
      '9:16',
      '--json',
      '--out',
      out,
    ])
    expect(code).toBe(0)
    const events = jsonLines(stdout)
    const names = events.map((event) => event['event'])
    expect(names[0]).toBe('mock')
    expect(names[1]).toBe('created')
    expect(names.slice(-2)).toEqual(['succeeded', 'downloaded'])
    const progress = events.filter((event) => event['event'] === 'progress')
    expect(progress.length).toBeGreaterThanOrEqual(1) // the first poll may already see the result
    const values = progress.map((event) => (event['progress'] as number | null) ?? 0)
    expect(values).toEqual([...values].sort((left, right) => left - right))
    expect(progress.at(-1)).toMatchObject({ status: 'succeeded', progress: 1 })
    const { handle, resume } = events[1] as {
      handle: { provider: string; taskId: string; model: string }
      resume: string
    }
    expect(handle).toMatchObject({ provider: 'vtrix', model: expect.any(String) })
    expect(resume).toBe(`sorakit wait ${handle.taskId} --provider vtrix --mock --out ${out}`)
    const downloaded = events.at(-1) as { path: string; bytes: number }
    expect(downloaded.path).toBe(out)
    await expectVideo(downloaded.path, downloaded.bytes)
  })

  it('uploads a local first frame, then makes an image-to-video task from its URL', async () => {
    const folder = await scratchFolder()
    const frame = path.join(import.meta.dirname, 'first-frame.png')
    const { code, stdout } = await runInProcess([
      'generate',
      '--mock',
      '--provider',
      'kie',
      '--prompt',
      'The boat sails away',
      '--image',
      frame,
      '--json',
      '--out',
      path.join(folder, 'boat.mp4'),
    ])
    expect(code).toBe(0)
    const events = jsonLines(stdout)
    expect(events.slice(0, 4).map((event) => event['event'])).toEqual(['mock', 'uploading', 'uploaded', 'created'])
    expect(events[1]).toMatchObject({ file: frame, bytes: (await stat(frame)).size })
    expect(events[2]!['url']).toMatch(new RegExp(`^${inject('mockUrls')['kie-upload']}/`))
    expect(events[3]).toMatchObject({ handle: { model: kieDefaults.imageToVideo } })
    expect(events.at(-1)).toMatchObject({ event: 'downloaded' })
  })
})

describe.concurrent('provider errors exit 1 with the typed error message', () => {
  it.each([
    [
      'a failed generation',
      ['generate', '--provider', 'kie', '--prompt', 'A paper boat #mock:fail'],
      /^sorakit: GenerationFailedError: /m,
      true,
    ],
    [
      'a create refused for credits',
      ['generate', '--provider', 'apikley', '--prompt', 'A paper boat #mock:insufficient-credits'],
      /^sorakit: InsufficientCreditsError: /m,
      false,
    ],
    [
      'an unknown task',
      ['status', '--provider', 'vtrix', 'task_does_not_exist'],
      /^sorakit: NotFoundError: .*task_does_not_exist/m,
      false,
    ],
  ])('%s', async (_name, args, message, created) => {
    const folder = await scratchFolder()
    const { code, stdout, stderr } = await runInProcess([
      ...args,
      '--mock',
      ...(args[0] === 'generate' ? ['--out', path.join(folder, 'boat.mp4')] : []),
    ])
    expect(stderr).toMatch(message)
    expect(code).toBe(1)
    expect(stderr.includes('Created task')).toBe(created)
    expect(stdout).toBe('')
    expect(await readdir(folder)).toEqual([])
  })
})

describe('the key is never printed', () => {
  it('in whole runs (progress, handle, resume command, errors), from the variable or the flag', async () => {
    const folder = await scratchFolder()
    const urls = inject('mockUrls')
    const server = ['--base-url', urls['kie']!, '--upload-base-url', urls['kie-upload']!]
    const frame = path.join(import.meta.dirname, 'first-frame.png')
    const runs = await Promise.all([
      runInProcess(
        [
          'generate',
          '--provider',
          'kie',
          ...server,
          '--prompt',
          'A paper boat',
          '--image',
          frame,
          '--out',
          path.join(folder, 'a.mp4'),
        ],
        { environment: { KIE_API_KEY: secret } },
      ),
      runInProcess([
        'generate',
        '--provider',
        'kie',
        '--api-key',
        secret,
        ...server,
        '--prompt',
        'A paper boat',
        '--json',
        '--out',
        path.join(folder, 'b.mp4'),
      ]),
      runInProcess([
        'generate',
        '--provider',
        'kie',
        '--api-key',
        secret,
        ...server,
        '--prompt',
        'A paper boat #mock:fail',
        '--out',
        path.join(folder, 'c.mp4'),
      ]),
      runInProcess(['credits', '--provider', 'kie', ...server], { environment: { KIE_API_KEY: secret } }),
    ])
    for (const { stdout, stderr } of runs) expect(`${stdout}${stderr}`).not.toContain(secret)
    expect(runs.map(({ code }) => code)).toEqual([0, 0, 1, 0])
    expect(runs[3]!.stdout).toMatch(/^kie: \d+ credits$/m)
  })
})
