import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codegenInputsFingerprint } from '../src/codegen-check.js'
import { MockStartError, startMocks, type RunningMocks, type StartMocksOptions } from '../src/mock-launcher.js'
import { mockProviders, mockServerSpecs } from '../src/mock-providers.js'
import { listOperations, readBundledDocument } from '../src/openapi-operations.js'
import { lifecycleRole, rawRequest } from './mock-client.js'
import { repositoryRoot } from './repository-root.js'

const freePorts = () => Object.fromEntries(mockServerSpecs().map((spec) => [spec.key, 0]))

/** Prism hosts this test worker started that are still running. */
function hostProcesses(): string[] {
  let output = ''
  try {
    output = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
  } catch {
    return [] // ps exits 1 when it lists nothing
  }
  return output.split('\n').filter((line) => line.includes('prism-host.js'))
}

async function startError(options: StartMocksOptions): Promise<MockStartError> {
  const error = await startMocks(options).then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(MockStartError)
  return error as MockStartError
}

describe('startMocks', () => {
  it('names the port in use and the flag and variable that move it, and leaves no host behind', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const error = await startError({ ports: { ...freePorts(), vtrix: port }, checkSpecs: false })
      expect(error.kind).toBe('port-in-use')
      expect(error.message).toContain(`Port ${port} (vtrix.ai api mock) is already in use`)
      expect(error.message).toContain('--vtrix-port <port>')
      expect(error.message).toContain('SORAKIT_MOCK_VTRIX_PORT=<port>')
      expect(hostProcesses()).toEqual([])
    } finally {
      blocker.close()
    }
  })

  it('rejects a bad port before starting anything', async () => {
    const error = await startError({ ports: { 'kie-upload': 70000 } })
    expect(error.kind).toBe('bad-option')
    expect(error.message).toContain('--kie-upload-port')
  })

  it('reports a crashed host with its output and request logs', async () => {
    const mocks = await startMocks({ ports: freePorts(), checkSpecs: false })
    const kie = mocks.servers.find((server) => server.key === 'kie')!
    await (await fetch(`${kie.url}/api/v1/chat/credit`, { headers: { Authorization: 'Bearer crash-test' } })).text()
    process.kill(mocks.hostPid, 'SIGKILL')
    const exit = await mocks.exited
    expect(exit.requested).toBe(false)
    expect(exit.signal).toBe('SIGKILL')
    expect(exit.report).toContain('exited on signal SIGKILL')
    expect(exit.report).toContain(`kie request log`)
    expect(exit.report).toContain('/api/v1/chat/credit')
    await mocks.stop() // already gone: stop must still resolve
  })

  it('stops every server on request', async () => {
    const mocks = await startMocks({ ports: freePorts(), checkSpecs: false })
    await mocks.stop()
    const exit = await mocks.exited
    expect(exit.requested).toBe(true)
    for (const server of mocks.servers) await expect(fetch(server.url)).rejects.toThrow()
    expect(hostProcesses()).toEqual([])
  })

  it('refuses to start when a bundled document is stale against specs/', async () => {
    const root = await scratchRepository()
    try {
      const before = await codegenInputsFingerprint(root)
      const stale = path.join(root, 'packages', 'vtrix', 'openapi.json')
      const document = JSON.parse(await readFile(stale, 'utf8')) as { info: { title: string } }
      document.info.title = 'edited by hand'
      await writeFile(stale, JSON.stringify(document, null, 2) + '\n')
      // A passing check is remembered under this fingerprint; the edit must change it so the check runs again.
      expect(await codegenInputsFingerprint(root)).not.toBe(before)
      await expectStaleRefusal(root, 'packages/vtrix/openapi.json')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('refuses to start when specs/ changed after the packages were generated', async () => {
    const root = await scratchRepository()
    try {
      const specFile = path.join(root, 'specs', 'kie', 'authored', 'kie-download-url.json')
      const spec = JSON.parse(await readFile(specFile, 'utf8')) as {
        paths: Record<string, { post: { summary: string } }>
      }
      spec.paths['/api/v1/common/download-url']!.post.summary = 'Changed upstream'
      await writeFile(specFile, JSON.stringify(spec, null, 2) + '\n')
      await expectStaleRefusal(root, 'packages/kie/openapi.json')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

/** A copy of specs/ and the generated packages (sources only) in a temporary folder. */
async function scratchRepository(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sorakit-mock-stale-'))
  const skip = new Set(['node_modules', 'dist', '.turbo'])
  await cp(path.join(repositoryRoot, 'specs'), path.join(root, 'specs'), { recursive: true })
  await cp(path.join(repositoryRoot, 'packages'), path.join(root, 'packages'), {
    recursive: true,
    filter: (source) => !skip.has(path.basename(source)),
  })
  await cp(path.join(repositoryRoot, 'pnpm-workspace.yaml'), path.join(root, 'pnpm-workspace.yaml'))
  return root
}

async function expectStaleRefusal(root: string, staleFile: string): Promise<void> {
  const error = await startError({ root, ports: freePorts() })
  expect(error.kind).toBe('stale-specs')
  expect(error.message).toContain(staleFile)
  expect(error.message).toContain('pnpm codegen')
  expect(hostProcesses()).toEqual([])
}

describe('a mock started without a log folder', () => {
  const provider = mockProviders[0]!
  let own: RunningMocks
  beforeAll(async () => {
    own = await startMocks({
      providers: [provider],
      ports: Object.fromEntries(mockServerSpecs([provider]).map((spec) => [spec.key, 0])),
      checkSpecs: false,
      logLevel: 'debug',
      lifecycleMs: 0,
      adminHosts: ['mock.test'],
    })
  })
  afterAll(() => own?.stop())

  it('answers the admin API at a Host name adminHosts allows', async () => {
    const url = own.urls[provider.table.id]!
    expect((await rawRequest(`${url}/__mock`, { headers: { Host: `mock.test:${new URL(url).port}` } })).status).toBe(
      200,
    )
  })

  it('keeps no credentials and no whole large body in its request logs, and removes its folder on stop', async () => {
    const url = own.urls[provider.table.id]!
    const secret = 'sk-live-do-not-log-0123456789'
    const document = readBundledDocument(repositoryRoot, provider.table.id)
    const create = listOperations(document, provider.table).find(
      (entry) => lifecycleRole(provider.table.id, document, entry) === 'create',
    )!
    const big = 'b'.repeat(200_000)
    const answer = await fetch(`${url}${create.path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: big }),
    })
    await answer.body?.cancel()
    const logs = readdirSync(own.logDirectory)
      .map((name) => readFileSync(`${own.logDirectory}/${name}`, 'utf8'))
      .join('\n')
    expect(logs).toContain('Request received')
    expect(logs).toContain('[redacted]')
    expect(logs).not.toContain(secret)
    expect(Math.max(...logs.split('\n').map((line) => line.length))).toBeLessThan(40 * 1024)
    const folder = own.logDirectory
    await own.stop()
    expect(existsSync(folder)).toBe(false)
  })
})
