import { mkdtemp, readdir, readFile, realpath, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { providerRegistry } from '@sorakit/provider-registry'
import { describe, expect, inject, it } from 'vitest'
import { jsonLines, runSorakit, startSorakit } from './sorakit-process.js'

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

// Independent runs (own folders, fresh task ids) that mostly wait on polls: concurrent, to keep the suite short.
describe.concurrent('sorakit generate against the lifecycle mocks', () => {
  it('piped: plain progress lines, then the video downloaded to --out', async () => {
    const folder = await scratchFolder()
    const out = path.join(folder, 'boat.mp4')
    const { code, stdout, stderr } = await runSorakit(['generate', '--mock', '--provider', 'kie', '--prompt', 'A paper boat', '--duration', '10', '--aspect', '16:9', '--out', out])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const taskId = new RegExp(`^Created task (\\S+) \\(kie ${kieDefaults.textToVideo!.replaceAll('.', '\\.')}\\)$`, 'm').exec(stdout)?.[1]
    expect(taskId).toBeDefined()
    expect(stdout).toMatch(new RegExp(`^${taskId} (queued|running)`, 'm'))
    expect(stdout).toContain(`${taskId} succeeded 100%`)
    const saved = /^Saved (.+) \((\d+) bytes\)$/m.exec(stdout)
    expect(saved?.[1]).toBe(out)
    await expectVideo(out, Number(saved?.[2]))
    expect(await readdir(folder)).toEqual(['boat.mp4'])
  })

  it('--json: one object per line, from the created handle through rising progress to the download', async () => {
    const folder = await scratchFolder()
    const { code, stdout } = await runSorakit(['generate', '--mock', '--provider', 'vtrix', '--prompt', 'A paper boat', '--duration', '4', '--aspect', '9:16', '--json'], { cwd: folder })
    expect(code).toBe(0)
    const events = jsonLines(stdout)
    const names = events.map((event) => event['event'])
    expect(names[0]).toBe('mock')
    expect(names[1]).toBe('created')
    expect(names.slice(-2)).toEqual(['succeeded', 'downloaded'])
    const progress = events.filter((event) => event['event'] === 'progress')
    expect(progress.length).toBeGreaterThanOrEqual(1) // on a busy machine the first poll may already see the result
    const values = progress.map((event) => (event['progress'] as number | null) ?? 0)
    expect(values).toEqual([...values].sort((left, right) => left - right))
    expect(progress.at(-1)).toMatchObject({ status: 'succeeded', progress: 1 })
    const { handle, resume } = events[1] as { handle: { provider: string; taskId: string; model: string }; resume: string }
    expect(handle).toMatchObject({ provider: 'vtrix', model: expect.any(String) })
    expect(resume).toBe(`sorakit wait '${JSON.stringify(handle)}' --mock`)
    const downloaded = events.at(-1) as { path: string; bytes: number }
    expect(downloaded.path).toBe(path.join(await realpath(folder), `${handle.taskId}.mp4`))
    await expectVideo(downloaded.path, downloaded.bytes)
  })

  it('in a terminal: a progress bar, then the video', async () => {
    const folder = await scratchFolder()
    const out = path.join(folder, 'boat.mp4')
    const run = startSorakit(['generate', '--mock', '--provider', 'apikley', '--prompt', 'A paper boat', '--out', out], { terminal: true })
    expect(await run.exited).toBe(0)
    const screen = run.output()
    expect(screen).toMatch(/\u2588+\u2591* \d+% \| running/)
    expect(screen).toMatch(/\u2588{30} 100% \| succeeded/)
    expect(screen).toContain(`Saved ${out}`)
    await expectVideo(out)
  })

  it('uploads a local first frame, then makes an image-to-video task from its URL', async () => {
    const folder = await scratchFolder()
    const frame = path.join(import.meta.dirname, 'first-frame.png')
    const { code, stdout } = await runSorakit(['generate', '--mock', '--provider', 'kie', '--prompt', 'The boat sails away', '--image', frame, '--json'], { cwd: folder })
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
    ['a failed generation', ['generate', '--provider', 'kie', '--prompt', 'A paper boat #mock:fail'], /^sorakit: GenerationFailedError: /m, true],
    ['a create refused for credits', ['generate', '--provider', 'apikley', '--prompt', 'A paper boat #mock:insufficient-credits'], /^sorakit: InsufficientCreditsError: /m, false],
    ['an unknown task', ['status', '--provider', 'vtrix', 'task_does_not_exist'], /^sorakit: NotFoundError: .*task_does_not_exist/m, false],
  ])('%s', async (_name, args, message, created) => {
    const folder = await scratchFolder()
    const { code, stdout, stderr } = await runSorakit([...args, '--mock'], { cwd: folder })
    expect(stderr).toMatch(message)
    expect(code).toBe(1)
    expect(stdout.includes('Created task')).toBe(created)
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
      runSorakit(['generate', '--provider', 'kie', ...server, '--prompt', 'A paper boat', '--image', frame, '--out', path.join(folder, 'a.mp4')], { environment: { KIE_API_KEY: secret } }),
      runSorakit(['generate', '--provider', 'kie', '--api-key', secret, ...server, '--prompt', 'A paper boat', '--json', '--out', path.join(folder, 'b.mp4')]),
      runSorakit(['generate', '--provider', 'kie', '--api-key', secret, ...server, '--prompt', 'A paper boat #mock:fail']),
      runSorakit(['credits', '--provider', 'kie', ...server], { environment: { KIE_API_KEY: secret } }),
    ])
    for (const { stdout, stderr } of runs) expect(`${stdout}${stderr}`).not.toContain(secret)
    expect(runs.map(({ code }) => code)).toEqual([0, 0, 1, 0])
    expect(runs[3]!.stdout).toMatch(/^kie: \d+ credits$/m)
  })
})

describe('Ctrl-C leaves the task running and says how to resume', () => {
  const cases = [
    { terminal: true, provider: 'kie', how: 'in a terminal (progress bar, the ^C key)' },
    { terminal: false, provider: 'vtrix', how: 'piped (plain lines, SIGINT)' },
  ]
  for (const { terminal, provider, how } of cases) {
    it(`${how}: exit 130, then sorakit wait <handle> resumes the same task and downloads its video`, async () => {
      const folder = await scratchFolder()
      const out = path.join(folder, 'boat.mp4')
      const run = startSorakit(['generate', '--mock', '--provider', provider, '--prompt', 'A paper boat', '--out', out], { terminal })
      await run.waitFor(terminal ? /\d+% \| (queued|running)/ : /^\S+ (queued|running)/m)
      run.interrupt()
      expect(await run.exited).toBe(130)
      const screen = run.output()
      expect(screen.includes('\u2591'), 'a bar is drawn exactly when stdout is a terminal').toBe(terminal)
      expect(screen).toContain('Interrupted. The task keeps running; resume with:')
      expect(screen).not.toContain('succeeded')
      const resume = /^\s+(sorakit wait '.+' --mock --out \S+)\s*$/m.exec(screen)?.[1]
      expect(resume).toBeDefined()
      const handle = JSON.parse(/'(.+)'/.exec(resume!)![1]!) as { taskId: string }
      expect(await readdir(folder)).toEqual([])

      const resumed = await runSorakit(['wait', JSON.stringify(handle), '--mock', '--out', out, '--json'])
      expect(resumed.code).toBe(0)
      const events = jsonLines(resumed.stdout)
      expect(events.filter((event) => event['event'] === 'progress').every((event) => event['taskId'] === handle.taskId)).toBe(true)
      expect(events.at(-2)).toMatchObject({ event: 'succeeded', taskId: handle.taskId })
      expect(events.at(-1)).toMatchObject({ event: 'downloaded', path: out })
      await expectVideo(out)
    })
  }
})
