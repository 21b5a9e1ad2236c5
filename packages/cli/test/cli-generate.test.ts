import { mkdtemp, readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { jsonLines, runSorakit, startSorakit } from './sorakit-process.js'

const secret = 'sk-cli-test-secret-0123456789'

async function scratchFolder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'sorakit-cli-'))
}

describe('sorakit generate against the mocks', () => {
  it('--json reports each step as one JSON object per line, and a failed download leaves no file behind', async () => {
    const folder = await scratchFolder()
    const out = path.join(folder, 'video.mp4')
    const { code, stdout } = await runSorakit(['generate', '--mock', '--provider', 'kie', '--prompt', 'A paper boat', '--duration', '10', '--aspect', '16:9', '--out', out, '--json'])
    const events = jsonLines(stdout)
    expect(events.map((event) => event['event'])).toEqual(['mock', 'created', 'progress', 'succeeded', 'error'])
    const created = events[1] as { handle: { provider: string; taskId: string; model: string }; resume: string }
    expect(created.handle).toMatchObject({ provider: 'kie', model: 'sora-2-text-to-video' })
    expect(created.resume).toBe(`sorakit wait '${JSON.stringify(created.handle)}' --mock --out ${out}`)
    // The stateless mock's result URL points at the provider's file host, which does not resolve here.
    expect(events[4]).toMatchObject({ event: 'error', kind: 'DownloadError', exitCode: 1, message: expect.stringContaining('The video is still there: sorakit wait') })
    expect(code).toBe(1)
    expect(await readdir(folder)).toEqual([])
  })

  it('uploads a local first frame, then creates an image-to-video task with its URL', async () => {
    const folder = await scratchFolder()
    const { code, stdout } = await runSorakit(['generate', '--mock', '--provider', 'kie', '--prompt', 'The boat sails away', '--image', path.join(import.meta.dirname, 'first-frame.png'), '--json'], { cwd: folder })
    const events = jsonLines(stdout)
    expect(events.slice(0, 4).map((event) => event['event'])).toEqual(['mock', 'uploading', 'uploaded', 'created'])
    expect(events[2]!['url']).toMatch(/^https?:\/\//)
    expect(events[3]).toMatchObject({ handle: { model: 'sora-2-image-to-video' } })
    expect(code).toBe(1) // the download of the stateless mock's result URL, as above
  })

  it('a provider error exits 1 with the typed error message', async () => {
    // The vtrix mock has no kie.ai routes: the facade gets the 404 a wrong base URL would give.
    const { code, stderr } = await runSorakit(['status', '--provider', 'kie', '--api-key', secret, '--base-url', inject('mockUrls')['vtrix']!, 'task-1'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^sorakit: NotFoundError: /m)
    expect(stderr).not.toContain(secret)
  })
})

describe('the key is never printed', () => {
  it('in a whole generate run, its handle and resume command, from the variable or the flag', async () => {
    const folder = await scratchFolder()
    const baseUrl = inject('mockUrls')['kie']!
    const runs = await Promise.all([
      runSorakit(['generate', '--provider', 'kie', '--base-url', baseUrl, '--prompt', 'A paper boat', '--out', path.join(folder, 'a.mp4')], { environment: { KIE_API_KEY: secret } }),
      runSorakit(['generate', '--provider', 'kie', '--api-key', secret, '--base-url', baseUrl, '--prompt', 'A paper boat', '--json', '--out', path.join(folder, 'b.mp4')]),
      runSorakit(['credits', '--provider', 'kie', '--api-key', secret, '--base-url', baseUrl]),
    ])
    for (const { stdout, stderr } of runs) expect(`${stdout}${stderr}`).not.toContain(secret)
    expect(runs[0]!.stdout).toContain('Created task')
    expect(runs[2]).toMatchObject({ code: 0, stdout: expect.stringMatching(/^kie: \d+ credits$/m) })
  })
})

describe('Ctrl-C leaves the task running and says how to resume', () => {
  // The stateless mock answers vtrix tasks with its documented `pending` example: they never finish by themselves.
  for (const terminal of [true, false]) {
    it(`${terminal ? 'in a terminal (progress bar, the ^C key)' : 'piped (plain lines, SIGINT)'}: exit 130, then sorakit wait <handle> picks the same task up`, async () => {
      const folder = await scratchFolder()
      const run = startSorakit(['generate', '--mock', '--provider', 'vtrix', '--prompt', 'A paper boat', '--out', path.join(folder, 'video.mp4')], { terminal })
      await run.waitFor(terminal ? /0% \| queued/ : /queued/)
      run.interrupt()
      expect(await run.exited).toBe(130)
      const screen = run.output()
      expect(screen.includes('\u2591'), 'a bar is drawn exactly when stdout is a terminal').toBe(terminal)
      expect(screen).toContain('Interrupted. The task keeps running; resume with:')
      const resume = /^\s+(sorakit wait '.+' --mock --out \S+)\s*$/m.exec(screen)?.[1]
      expect(resume).toBeDefined()
      const handle = JSON.parse(/'(.+)'/.exec(resume!)![1]!) as { taskId: string }
      const resumed = startSorakit(['wait', JSON.stringify(handle), '--mock', '--json'], { terminal: false })
      await resumed.waitFor('"event":"progress"')
      expect(jsonLines(resumed.output())[1]).toMatchObject({ event: 'progress', taskId: handle.taskId, status: 'queued' })
      resumed.interrupt()
      expect(await resumed.exited).toBe(130)
      expect(jsonLines(resumed.output()).at(-1)).toMatchObject({ event: 'interrupted', handle, resume: expect.stringContaining(`sorakit wait '${JSON.stringify(handle)}' --mock`) })
      expect(await readdir(folder)).toEqual([])
    })
  }
})
