import { mkdtemp, readdir, readFile, realpath } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { jsonLines, runSorakit, startSorakit } from './sorakit-process.js'

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

// The built bin as users run it, in processes (`pnpm test:release`): a pseudo-terminal, Ctrl-C, the
// current folder as the default output, and `--mock` starting its own mocks. cli-generate.test.ts
// runs the same commands in-process in `pnpm test`.
describe.concurrent('the sorakit bin against the lifecycle mocks', () => {
  it('--json: from a process: the video lands in the current folder as <task id>.mp4', async () => {
    const folder = await scratchFolder()
    const { code, stdout } = await runSorakit(
      [
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
      ],
      { cwd: folder },
    )
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
    const { handle, resume } = events[1] as {
      handle: { provider: string; taskId: string; model: string }
      resume: string
    }
    expect(handle).toMatchObject({ provider: 'vtrix', model: expect.any(String) })
    expect(resume).toBe(`sorakit wait ${handle.taskId} --provider vtrix --mock`)
    const downloaded = events.at(-1) as { path: string; bytes: number }
    expect(downloaded.path).toBe(path.join(await realpath(folder), `${handle.taskId}.mp4`))
    await expectVideo(downloaded.path, downloaded.bytes)
  })

  it('in a terminal: a progress bar, then the video', async () => {
    const folder = await scratchFolder()
    const out = path.join(folder, 'boat.mp4')
    const run = startSorakit(
      ['generate', '--mock', '--provider', 'apikley', '--prompt', 'A paper boat', '--out', out],
      { terminal: true },
    )
    expect(await run.exited).toBe(0)
    const screen = run.output()
    expect(screen).toMatch(/\u2588+\u2591* \d+% \| running/)
    expect(screen).toMatch(/\u2588{30} 100% \| succeeded/)
    expect(screen).toContain(`Saved ${out}`)
    await expectVideo(out)
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
      const run = startSorakit(
        ['generate', '--mock', '--provider', provider, '--prompt', 'A paper boat', '--out', out],
        { terminal },
      )
      await run.waitFor(terminal ? /\d+% \| (queued|running)/ : /^\S+ (queued|running)/m)
      run.interrupt()
      expect(await run.exited).toBe(130)
      // Piped, the hints are on stderr (stdout keeps results only); in a terminal both share the screen.
      const screen = terminal ? run.output() : run.stderr()
      expect(screen.includes('\u2591'), 'a bar is drawn exactly when stderr is a terminal').toBe(terminal)
      expect(screen).toContain('Interrupted. The task keeps running; resume with:')
      expect(screen).not.toContain('succeeded')
      const resume = /^\s+(sorakit wait (\S+) --provider (\S+) --mock --out \S+)\s*$/m.exec(screen)
      expect(resume?.[3]).toBe(provider)
      const handle = { taskId: resume![2]! }
      expect(await readdir(folder)).toEqual([])

      // The printed command, as printed (its arguments need no shell quoting), with --json to read the events.
      const resumed = await runSorakit([...resume![1]!.split(' ').slice(1), '--json'])
      expect(resumed.code).toBe(0)
      const events = jsonLines(resumed.stdout)
      expect(
        events.filter((event) => event['event'] === 'progress').every((event) => event['taskId'] === handle.taskId),
      ).toBe(true)
      expect(events.at(-2)).toMatchObject({ event: 'succeeded', taskId: handle.taskId })
      expect(events.at(-1)).toMatchObject({ event: 'downloaded', path: out })
      await expectVideo(out)
    })
  }
})

describe('--mock', () => {
  it('starts the mocks through the launcher when none answers, and stops them when the command ends', async () => {
    // Two ports nothing listens on (taken from the OS, then released) for kie.ai's api and upload servers.
    const ports = await Promise.all([freePort(), freePort()])
    const environment = { SORAKIT_MOCK_KIE_PORT: String(ports[0]), SORAKIT_MOCK_KIE_UPLOAD_PORT: String(ports[1]) }
    const { code, stdout, stderr } = await runSorakit(['credits', '--mock', '--provider', 'kie'], { environment })
    expect(code).toBe(0)
    expect(stderr).toContain(
      `Started the mock servers at http://127.0.0.1:${ports[0]} (they stop when this command ends)`,
    )
    expect(stdout).toMatch(/^kie: \d+ credits\n$/)
    await expect(fetch(`http://127.0.0.1:${ports[0]}/`)).rejects.toThrow()
  })

  it('mocks it starts live SORAKIT_MOCK_LIFECYCLE_MS, and its resume hint says they stop with it', async () => {
    const ports = await Promise.all([freePort(), freePort()])
    const environment = {
      SORAKIT_MOCK_KIE_PORT: String(ports[0]),
      SORAKIT_MOCK_KIE_UPLOAD_PORT: String(ports[1]),
      SORAKIT_MOCK_LIFECYCLE_MS: '200',
    }
    const folder = await scratchFolder()
    const args = ['generate', '--mock', '--provider', 'kie', '--prompt', 'A paper boat', '--out', `${folder}/boat.mp4`]
    const plain = await runSorakit(args, { environment })
    expect(plain.code).toBe(0)
    expect(plain.stderr).toMatch(
      /start the mocks first \(sorakit-mock\), as the ones started here stop with this command/,
    )
    const events = jsonLines((await runSorakit([...args, '--force', '--json'], { environment })).stdout)
    // A 200 ms lifecycle is over by the second status read (polls are 2-3 s apart); the default 20 s one
    // would take eight or more.
    const statuses = events.filter((event) => event['event'] === 'progress').map((event) => event['status'])
    expect(statuses.length).toBeLessThanOrEqual(2)
    expect(statuses.at(-1)).toBe('succeeded')
  })
})

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
