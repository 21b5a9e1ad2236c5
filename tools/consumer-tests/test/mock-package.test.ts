import { spawn } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createConsumerProject, removeConsumerProject, run, type ConsumerProject } from '../src/consumer-project.js'

// @sorakit/mock as an app outside this repository gets it: packed with the workspace packages it depends
// on, npm-installed with msw and vitest from the registry (test/consumer-project-setup.ts). Its bin
// starts every server, and `@sorakit/mock/msw` is `@sorakit/mock-msw`. A second project installs
// `@sorakit/mock-msw` alone (with the facade, msw and vitest): no Prism arrives, and the handlers serve the
// facade in that project's own vitest run.
const project = inject('consumerProject')

describe('the packed mock, installed outside the workspace', () => {
  it('npx sorakit-mock starts every server from the installed documents, and they answer', async () => {
    // Every server on a free port: `--<server>-port 0` for each server the bin's --help lists.
    const { stdout: help } = await run('npx', ['--no-install', 'sorakit-mock', '--help'], { cwd: project.root })
    const portFlags = [...help.matchAll(/(--[a-z0-9-]+-port) <port>/g)].map((match) => match[1]!)
    expect(portFlags.length).toBeGreaterThan(0)
    const child = spawn(
      'npx',
      ['--no-install', 'sorakit-mock', '--lifecycle-ms', '0', ...portFlags.flatMap((flag) => [flag, '0'])],
      { cwd: project.root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "ready" within 120 s:\n${output}`)), 120_000)
        child.stdout.on(
          'data',
          () => /mocks ready/.test(output) && /Ctrl-C/.test(output) && (clearTimeout(timer), resolve()),
        )
        child.once('exit', (code) => reject(new Error(`sorakit-mock exited with ${code}:\n${output}`)))
      })
      const urls = [...new Set([...output.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((match) => match[0]))]
      expect(urls.length).toBe(portFlags.length)
      for (const url of urls) {
        const admin = await fetch(`${url}/__mock`)
        expect(admin.status).toBe(200)
        expect(((await admin.json()) as { lifecycleMs: number }).lifecycleMs).toBe(0)
      }
    } finally {
      // The bin and its Prism host form their own process group (detached): end exactly that group.
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
    }
  }, 180_000)

  it('@sorakit/mock/msw is @sorakit/mock-msw re-exported', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        "const [whole, alone] = await Promise.all([import('@sorakit/mock/msw'), import('@sorakit/mock-msw')]); console.log(whole.createMockHandlers === alone.createMockHandlers)",
      ],
      { cwd: project.root },
    )
    expect(stdout.trim()).toBe('true')
  })
})

describe('@sorakit/mock-msw installed alone', () => {
  let alone: ConsumerProject
  beforeAll(async () => {
    alone = await createConsumerProject({ install: ['@sorakit/mock-msw', '@sorakit/sora'] })
  }, 180_000)
  afterAll(() => alone && removeConsumerProject(alone.root))

  it('brings no Prism and no server', async () => {
    const scoped = await readdir(path.join(alone.root, 'node_modules/@stoplight')).catch(() => [])
    expect(scoped.filter((name) => name.startsWith('prism'))).toEqual([])
    const sorakit = await readdir(path.join(alone.root, 'node_modules/@sorakit'))
    expect(sorakit).toContain('mock-msw')
    expect(sorakit).not.toContain('mock')
  })

  it("serves the facade at every provider's real URL in the project's own vitest run", async () => {
    const consumerTest = `import { setupServer } from 'msw/node'
import { builtInMockedProviders, createMockHandlers } from '@sorakit/mock-msw'
import { createSora } from '@sorakit/sora'
import { afterAll, beforeAll, expect, test } from 'vitest'

const ids = Object.keys(builtInMockedProviders)
const server = setupServer(...ids.flatMap((provider) => createMockHandlers({ provider, lifecycleMs: 1_000 })))
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

// A provider that sells no text-to-video model (fal's image-to-video endpoints) makes a video from a first frame.
const start = (sora, prompt) =>
  sora.capabilities.defaultModels.textToVideo === undefined
    ? sora.imageToVideo({ prompt, imageUrl: 'https://example.com/first-frame.png' })
    : sora.textToVideo({ prompt })

for (const provider of ids) {
  test(provider, async () => {
    const sora = createSora({ provider, apiKey: 'consumer-key', maxRetries: 0 })
    const task = await sora.wait(await start(sora, 'A paper boat'), { pollSchedule: [{ untilMs: Infinity, minMs: 20, maxMs: 30 }] })
    expect(task.status).toBe('succeeded')
    const video = await fetch(task.videoUrls[0])
    expect(video.headers.get('content-type')).toBe('video/mp4')
    const failed = await sora.wait(await start(sora, 'A paper boat #mock:fail'), { pollSchedule: [{ untilMs: Infinity, minMs: 20, maxMs: 30 }] }).catch((error) => error)
    expect(failed.name).toBe('GenerationFailedError')
  })
}
`
    await writeFile(path.join(alone.root, 'mock-msw.test.js'), consumerTest)
    const { stdout } = await run('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose', 'mock-msw.test.js'], {
      cwd: alone.root,
      env: { ...process.env, CI: 'true' },
    })
    // One test per provider the installed package knows, all passed, none failed.
    const { stdout: count } = await run(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        "import { builtInMockedProviders } from '@sorakit/mock-msw'; console.log(Object.keys(builtInMockedProviders).length)",
      ],
      { cwd: alone.root },
    )
    expect(Number(count.trim())).toBeGreaterThan(0)
    expect(stdout.replace(/\u001b\[[0-9;]*m/g, ''), stdout).toMatch(
      new RegExp(`Tests\\s+${count.trim()} passed \\(${count.trim()}\\)`),
    )
  }, 180_000)
})
