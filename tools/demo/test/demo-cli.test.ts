import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { mockProviders, mockServerSpecs, startMocks, type RunningMocks } from '@sorakit/mock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offeredDemoOperations } from '../src/demo-flow.js'

/** The flows the demo runs for `providers`: each operation each sells a default model for. */
const flowCount = (providers = mockProviders) =>
  providers.reduce((count, provider) => count + offeredDemoOperations(provider.table).length, 0)

// `pnpm demo` as a newcomer runs it: the built CLI in a child process. Ports come through the same
// variables as `pnpm mock` (SORAKIT_MOCK_<SERVER>_PORT), never the fixed defaults, which another
// `pnpm mock` on this machine may hold; `0` makes the demo start that provider on a free port.

const cli = fileURLToPath(new URL('../dist/demo-cli.js', import.meta.url))
const flowTitles = [
  'kie.ai · text-to-video',
  'kie.ai · image-to-video',
  'Apikley · text-to-video',
  'Apikley · image-to-video',
  'vtrix.ai · text-to-video',
  'vtrix.ai · image-to-video',
]

let running: RunningMocks
let notAMock: Server
beforeAll(async () => {
  // Already running, as `pnpm mock` in another terminal would be; --errors makes Prism refuse anything outside the
  // documents.
  running = await startMocks({
    ports: Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0])),
    errors: true,
    logLevel: 'warn',
    checkSpecs: false,
  })
  notAMock = createServer((_request, response) =>
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":404,"message":"no such route"}'),
  )
  await new Promise<void>((resolve) => notAMock.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await running?.stop()
  await new Promise((resolve) => notAMock?.close(resolve))
})

function portOf(key: string): string {
  return String(running.servers.find((server) => server.key === key)!.port)
}

/** Environment giving every server a port: the running mocks' by default, overridden per server key. */
function portEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    mockServerSpecs().map((spec) => [spec.portEnvironmentVariable, overrides[spec.key] ?? portOf(spec.key)]),
  )
}

async function runDemo(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [cli], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, output }
}

/** The lines of one flow's section of the output. */
function section(output: string, title: string): string[] {
  const lines = output.split('\n')
  const start = lines.indexOf(title)
  expect(start, `the output has a section "${title}"`).toBeGreaterThanOrEqual(0)
  const end = lines.findIndex((line, index) => index > start && (line === '' || line.startsWith('mocks:')))
  return lines.slice(start, end < 0 ? undefined : end)
}

function expectCompletedFlows(output: string): void {
  for (const title of flowTitles) {
    const lines = section(output, title)
    expect(lines[1]).toMatch(/^ {2}model {4}\S+ \(the provider's default\)$/)
    expect(JSON.parse(lines[2]!.replace(/^ {2}handle {3}/, ''))).toMatchObject({
      taskId: expect.any(String),
      model: expect.any(String),
    })
    const polls = lines.filter((line) => line.startsWith('  poll ')).map((line) => line.replace(/ +/g, ' ').trim())
    if (title.startsWith('vtrix')) {
      expect(polls).toEqual([
        'poll 1 Prefer: example=pending → queued',
        'poll 2 Prefer: example=in-progress → running 42%',
        'poll 3 Prefer: example=completed → succeeded 100%',
      ])
    } else {
      expect(polls).toEqual([
        'poll 1 Prefer: example=waiting → queued 0%',
        'poll 2 Prefer: example=queuing → queued 0%',
        'poll 3 Prefer: example=generating → running 45%',
        'poll 4 Prefer: example=success → succeeded 100%',
      ])
    }
    expect(lines.find((line) => line.startsWith('  video '))).toMatch(/^ {2}video {4}https:\/\/\S+\.mp4$/)
    expect(lines.at(-1)).toMatch(/^ {2}✓ completed in [\d.]+ s$/)
  }
  expect(output).toContain(`All ${flowCount()} flows completed.`)
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    async (response) => (await response.body?.cancel(), true),
    () => false,
  )
}

describe('pnpm demo', () => {
  it('uses the mocks already answering, runs every flow to its video, and leaves those mocks running', async () => {
    const { code, output } = await runDemo(portEnvironment())
    expect(output).toContain('No API key needed')
    for (const key of mockProviders.map((provider) => provider.table.id))
      expect(output).toContain(
        `already answering at ${running.servers.find((server) => server.key === key)!.url}, used as it is`,
      )
    expect(output).not.toContain('mocks: started')
    expectCompletedFlows(output)
    expect(code, output).toBe(0)
    for (const server of running.servers) expect(await answers(server.url), `${server.key} still answers`).toBe(true)
  })

  it('starts the mocks when none answers, and stops them before it exits', async () => {
    const { code, output } = await runDemo(
      portEnvironment(Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, '0']))),
    )
    const started = output.match(/^mocks: started (.+) in [\d.]+ s; the demo stops them when it ends$/m)
    expect(started, output).not.toBeNull()
    const urls = [...started![1]!.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((match) => match[0])
    // One line per provider, naming its api server.
    expect(urls).toHaveLength(mockProviders.length)
    expect(output).not.toContain('already answering')
    expectCompletedFlows(output)
    expect(output).toContain('mocks: stopped the mocks the demo started')
    expect(code, output).toBe(0)
    for (const url of urls) expect(await answers(url), `${url} was stopped`).toBe(false)
  })

  it('exits 1 naming each failed flow and why, when a port answers but is not a mock', async () => {
    const { code, output } = await runDemo(
      portEnvironment({ apikley: '0', 'apikley-upload': '0', vtrix: String((notAMock.address() as AddressInfo).port) }),
    )
    expect(output).toMatch(/^mocks: started Apikley http:\/\/127\.0\.0\.1:\d+ in/m)
    expect(section(output, 'kie.ai · text-to-video').at(-1)).toMatch(/✓ completed/)
    expect(section(output, 'Apikley · image-to-video').at(-1)).toMatch(/✓ completed/)
    const vtrix = mockProviders.find((provider) => provider.table.id === 'vtrix')!
    expect(output).toContain(`${flowCount([vtrix])} of ${flowCount()} flows failed:`)
    for (const label of ['text-to-video', 'image-to-video']) {
      expect(output).toContain(`  ✗ vtrix.ai ${label}: NotFoundError: vtrix.ai: no such route (HTTP 404, code 404)`)
    }
    expect(output).toContain(
      'if that is not `pnpm mock`, stop it or move the demo with --vtrix-port / SORAKIT_MOCK_VTRIX_PORT',
    )
    expect(code, output).toBe(1)
  })
})
