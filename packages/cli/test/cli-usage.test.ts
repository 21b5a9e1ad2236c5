import { once } from 'node:events'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { providerIds } from '@sorakit/provider-registry'
import { describe, expect, it } from 'vitest'
import { commands } from '../src/cli-commands.js'
import { runCli } from '../src/cli-run.js'
import { jsonLines, runSorakit, testEnvironment } from './sorakit-process.js'

/** runCli in this process, with collected output: the same code as the bin, without a process start per case. */
async function runInProcess(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const collected = { stdout: '', stderr: '' }
  const stream = (name: 'stdout' | 'stderr') => ({ isTTY: false, write: (text: string) => ((collected[name] += text), true) }) as unknown as NodeJS.WriteStream
  const code = await runCli(args, { stdout: stream('stdout'), stderr: stream('stderr'), environment: testEnvironment() })
  return { code, ...collected }
}

describe('sorakit --help', () => {
  it('lists every command of the command table and exits 0', async () => {
    const { code, stdout } = await runSorakit(['--help'])
    expect(code).toBe(0)
    for (const [name, command] of Object.entries(commands)) expect(stdout).toMatch(new RegExp(`^  ${name} +${command.summary.replace(/[()]/g, '\\$&')}$`, 'm'))
  })

  it('shows each command its own flags', async () => {
    for (const [name, command] of Object.entries(commands)) {
      const { code, stdout } = await runSorakit([name, '--help'])
      expect(code).toBe(0)
      for (const flag of Object.keys(command.flags)) expect(stdout).toContain(`--${flag}`)
    }
  })
})

describe.concurrent('bad usage exits 2 with what to fix', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown command', ['generat'], /Unknown command "generat": use one of generate, wait/],
    ['an unknown flag', ['generate', '--provider', 'kie', '--prompt', 'a boat', '--colour', 'red'], /Unknown option --colour for sorakit generate; its options are --provider/],
    ['a flag without its value', ['generate', '--provider', 'kie', '--prompt'], /Option --prompt needs a value/],
    ['a value given to a switch', ['models', '--json=yes'], /Option --json takes no value/],
    ['an option followed by another option instead of its value', ['generate', '--provider', '--prompt', 'x'], /Option --provider needs a value; a value starting with "-" is written --provider=<value>/],
    ['a negative value without "="', ['generate', '--provider', 'kie', '--prompt', 'a boat', '--duration', '-5'], /Option --duration needs a value; a value starting with "-" is written --duration=<value>/],
    ['a short option followed by a dash value', ['generate', '--provider', 'kie', '--prompt', 'a boat', '-d', '-5'], /Option -d needs a value/],
    ['a negative duration written with "="', ['generate', '--provider', 'kie', '--prompt', 'a boat', '--duration=-5'], /--duration -5 is not a number of seconds/],
    ['no prompt', ['generate', '--provider', 'kie', '--mock'], /needs --prompt/],
    ['a duration that is not a number', ['generate', '--provider', 'kie', '--prompt', 'a boat', '--duration', 'ten'], /--duration ten is not a number of seconds/],
    ['an aspect ratio the model does not take (the facade lists its own)', ['generate', '--mock', '--provider', 'kie', '--model', 'veo-3.1', '--prompt', 'a boat', '--aspect', '1:1'], /aspectRatio: kie\.ai veo-3-1 supports "16:9", "9:16", "Auto" \(got "1:1"\)/],
    ['a missing image file', ['generate', '--provider', 'kie', '--prompt', 'a boat', '--image', 'no-such-frame.png'], /--image no-such-frame.png: no such file/],
    ['an unknown provider', ['generate', '--provider', 'openai', '--prompt', 'a boat'], new RegExp(`Unknown provider "openai" for --provider: use one of ${providerIds.join(', ')}`)],
    ['no provider', ['credits'], new RegExp(`Name the provider with --provider <id>: one of ${providerIds.join(', ')}`)],
    ['no key', ['credits', '--provider', 'kie'], /No API key for kie: set KIE_API_KEY, pass --api-key <key>, or use --mock/],
    ['a handle that is not JSON', ['status', '{"provider":"kie"'], /The handle is not valid JSON/],
    ['wait without a task', ['wait'], /sorakit wait needs <handle\|taskId>/],
    ['a stray argument', ['generate', '--provider', 'kie', '--prompt', 'a', 'boat'], /takes no arguments; remove "boat"/],
    ['a duration the model does not take (the facade says which it does)', ['generate', '--mock', '--provider', 'kie', '--prompt', 'a boat', '--duration', '16'], /durationSeconds: kie\.ai kling-3\.0\/video supports 3, 4, .*, 15 \(got 16\)/],
    ['a model the provider does not have (the facade lists them)', ['generate', '--mock', '--provider', 'kie', '--prompt', 'a boat', '--model', 'veo-3'], /model: kie.ai .*"veo-3"/],
    ['credits where the provider has none', ['credits', '--mock', '--provider', 'vtrix'], /UnsupportedFeatureError: vtrix.ai has no getCredits/],
  ]
  it.each(cases)('%s', async (_name, args, message) => {
    const { code, stdout, stderr } = await runInProcess(args)
    expect(stderr).toMatch(message)
    expect(code).toBe(2)
    expect(stdout).not.toMatch(/Created task/)
  })

  it('a folder that does not exist for --out, before any task is created', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sorakit-cli-'))
    const out = path.join(folder, 'missing', 'video.mp4')
    const { code, stdout, stderr } = await runSorakit(['generate', '--mock', '--provider', 'kie', '--prompt', 'a boat', '--out', out])
    expect(code).toBe(2)
    expect(stderr).toContain(`--out ${out}: the folder ${path.dirname(out)} does not exist`)
    expect(stdout).toBe('')
  })

  it('an --out folder that cannot be written (/proc), before any task is created', async () => {
    const { code, stdout, stderr } = await runSorakit(['generate', '--mock', '--provider', 'kie', '--prompt', 'a boat', '--out', '/proc/video.mp4'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/--out \/proc\/video\.mp4: cannot write in \/proc/)
    expect(stdout).not.toMatch(/Created task/)
  })

  it('from the bin too', async () => {
    const { code, stdout, stderr } = await runSorakit(['generate', '--provider', 'kie', '--prompt', 'a boat', '--colour', 'red'])
    expect(stderr).toMatch(/^sorakit: Unknown option --colour for sorakit generate/)
    expect([code, stdout]).toEqual([2, ''])
  })

  it('as a JSON error line with --json', async () => {
    const { code, stdout } = await runSorakit(['generate', '--json', '--provider', 'kie', '--bogus'])
    expect(code).toBe(2)
    expect(jsonLines(stdout)).toEqual([{ event: 'error', kind: 'usage', exitCode: 2, message: expect.stringContaining('Unknown option --bogus') }])
  })
})

describe('--mock', () => {
  it('starts the mocks through the launcher when none answers, and stops them when the command ends', async () => {
    // Two ports nothing listens on (taken from the OS, then released) for kie.ai's api and upload servers.
    const ports = await Promise.all([freePort(), freePort()])
    const environment = { SORAKIT_MOCK_KIE_PORT: String(ports[0]), SORAKIT_MOCK_KIE_UPLOAD_PORT: String(ports[1]) }
    const { code, stdout, stderr } = await runSorakit(['credits', '--mock', '--provider', 'kie'], { environment })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain(`Started the mock servers at http://127.0.0.1:${ports[0]} (they stop when this command ends)`)
    expect(stdout).toMatch(/^kie: \d+ credits$/m)
    await expect(fetch(`http://127.0.0.1:${ports[0]}/`)).rejects.toThrow()
  })
})

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A provider on loopback that answers every request with `body`, and keeps what it was sent. */
async function fakeProvider(body: unknown): Promise<{ url: string; requests: Array<{ url: string; authorization: string | undefined }>; close(): void }> {
  const requests: Array<{ url: string; authorization: string | undefined }> = []
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization })
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }).listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() }
}

describe('what a provider sends is printed safely', () => {
  const secret = 'sk-cli-output-secret-0123456789'
  const hostile = `Generation failed \u001b]0;pwned\u0007\u001b[2J\r for key ${secret}`
  const failedRecord = (taskId: string) => ({ code: 200, msg: 'success', data: { taskId, model: 'kling-3.0/video', state: 'fail', failCode: '501', failMsg: hostile, param: '{}', resultJson: null, createTime: 1765184045509 } })

  it.each([['as text', []], ['as JSON lines', ['--json']]] as const)('status %s: no terminal control characters and no key, even when the provider echoes them', async (_name, extra) => {
    const provider = await fakeProvider(failedRecord('task_hostile'))
    try {
      const { code, stdout, stderr } = await runSorakit(['status', '--provider', 'kie', '--base-url', provider.url, 'task_hostile', ...extra], { environment: { KIE_API_KEY: secret } })
      expect(code, stderr).toBe(0)
      const printed = stdout + stderr
      expect(printed).toContain('Generation failed')
      expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
      expect(printed).not.toContain(secret)
      expect(printed).toContain('[redacted]')
      expect(provider.requests).toHaveLength(1)
    } finally {
      provider.close()
    }
  })
})

describe('a pasted handle never sends the key to a host it names', () => {
  const secret = 'sk-cli-handle-secret-0123456789'

  it("refuses a handle whose baseUrl is not the provider's, before any request, and names --base-url", async () => {
    const elsewhere = await fakeProvider({ code: 200, msg: 'success', data: { taskId: 't1', state: 'waiting' } })
    try {
      const handle = JSON.stringify({ provider: 'kie', taskId: 't1', model: 'kling-3.0/video', baseUrl: elsewhere.url, createdAt: '' })
      const { code, stderr } = await runSorakit(['status', handle], { environment: { KIE_API_KEY: secret } })
      expect(code).toBe(2)
      expect(stderr).toContain(`The handle's baseUrl ${elsewhere.url} is not kie's (https://api.kie.ai); your key would be sent there. If you trust it, pass --base-url ${elsewhere.url}`)
      expect(elsewhere.requests).toEqual([])
      // Said explicitly, the host is trusted.
      const trusted = await runSorakit(['status', handle, '--base-url', elsewhere.url], { environment: { KIE_API_KEY: secret } })
      expect(trusted.code, trusted.stderr).toBe(0)
      expect(elsewhere.requests.map((request) => request.authorization)).toEqual([`Bearer ${secret}`])
    } finally {
      elsewhere.close()
    }
  })
})
