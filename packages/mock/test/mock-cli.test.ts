import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { main } from '../src/mock-cli.js'
import { mockProviders, mockServerSpecs } from '../src/mock-providers.js'

const cli = fileURLToPath(new URL('../dist/mock-cli.js', import.meta.url))

/** Runs the built `pnpm mock` entry on free ports, sends `signal` once it is ready, and collects what happened. */
async function runUntilSignal(
  signal: NodeJS.Signals,
): Promise<{ code: number | null; output: string; urls: string[] }> {
  const args = mockServerSpecs().flatMap((spec) => [spec.portFlag, '0'])
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let urls: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ctrl-C stops every mock.')) {
        urls = [...output.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((match) => match[0])
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then(() => reject(new Error(`pnpm mock exited before it was ready:\n${output}`)))
  })
  const answer = await fetch(`${urls[0]}/api/v1/chat/credit`, { headers: { Authorization: 'Bearer cli-test' } })
  expect(answer.status).toBe(200)
  child.kill(signal)
  return { code: await exited, output, urls }
}

describe('pnpm mock', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints every server and curl, and stops every server on %s',
    async (signal) => {
      const { code, output, urls } = await runUntilSignal(signal)
      expect(code).toBe(0)
      expect(output).toMatch(/sorakit mocks ready in [\d.]+ s/)
      for (const name of ['kie.ai', 'Apikley', 'vtrix.ai']) expect(output).toContain(name)
      expect(output).toContain('curl -s -X POST http://127.0.0.1:')
      expect(output.match(/API reference http:\/\/127\.0\.0\.1:\d+\/docs/g)).toHaveLength(mockProviders.length)
      expect(output).toContain('Prefer: example=success|waiting|queuing|generating|fail|success-character')
      expect(output).toContain(`${signal}: stopping the mocks`)
      // The request-log folder the launcher made is gone: no /tmp/sorakit-mock-* is left behind.
      const logFolder = /request logs in (\S+)\)/.exec(output)?.[1]
      expect(logFolder).toMatch(/sorakit-mock-/)
      expect(existsSync(logFolder!)).toBe(false)
      expect(new Set(urls).size).toBe(mockServerSpecs().length)
      for (const url of new Set(urls)) await expect(fetch(url)).rejects.toThrow()
    },
  )

  it('explains a port that is not a number before starting anything, exit 2', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await main(['--kie-port', 'eighty'])).toBe(2)
      expect(errors.mock.calls.join('\n')).toContain('fix --kie-port or SORAKIT_MOCK_KIE_PORT')
      expect(await main([], { SORAKIT_MOCK_VTRIX_PORT: '-1' })).toBe(2)
      expect(errors.mock.calls.join('\n')).toContain('SORAKIT_MOCK_VTRIX_PORT')
    } finally {
      errors.mockRestore()
    }
  })

  it.each([
    [['--lifecycle-ms', 'soon'], {}, '--lifecycle-ms (SORAKIT_MOCK_LIFECYCLE_MS) must be a whole number'],
    [[], { SORAKIT_MOCK_LIFECYCLE_MS: '-5' }, 'must be a whole number of milliseconds'],
    [['--latency', '800-200'], {}, '--latency (SORAKIT_MOCK_LATENCY) must be <min>-<max>'],
    [['--latency', 'fast'], {}, 'e.g. 200-800'],
    [['--webhook-key', ' '], {}, '--webhook-key (SORAKIT_MOCK_WEBHOOK_KEY) must not be empty'],
    [['--no-such-flag'], {}, "Unknown option '--no-such-flag'"],
  ] as const)('exits 2 with a message for %j %j', async (argv, environment, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await main(argv, environment)).toBe(2)
      expect(errors.mock.calls.join('\n')).toContain(message)
      expect(errors.mock.calls.join('\n')).toContain('Usage: sorakit-mock')
    } finally {
      errors.mockRestore()
    }
  })
})

describe('pnpm mock port and admin-host options', () => {
  it.each([
    [
      ['--kie-port', 'abc'],
      {},
      '--kie-port must be a port number from 0 to 65535 (0 takes a free port); got "abc": fix --kie-port or SORAKIT_MOCK_KIE_PORT',
    ],
    [['--vtrix-port', '70000'], {}, '--vtrix-port must be a port number from 0 to 65535'],
    [
      [],
      { SORAKIT_MOCK_KIE_PORT: 'abc' },
      'SORAKIT_MOCK_KIE_PORT must be a port number from 0 to 65535 (0 takes a free port); got "abc"',
    ],
  ] as const)('says what to fix for %j %j, never "Port NaN"', async (argv, environment, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await main(argv, environment)).toBe(2)
      const printed = errors.mock.calls.join('\n')
      expect(printed).toContain(message)
      expect(printed).not.toContain('NaN')
    } finally {
      errors.mockRestore()
    }
  })

  it('documents --admin-host in the usage', async () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      expect(await main(['--help'])).toBe(0)
      expect(logs.mock.calls.join('\n')).toContain('--admin-host <name>')
    } finally {
      logs.mockRestore()
    }
  })
})
