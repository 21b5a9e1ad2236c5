import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { runSorakit } from './sorakit-process.js'

// The built bin as a process (pnpm test:release), since what is checked is what reaches its streams:
// what a provider sends is printed safely, and a pasted handle's host is checked before the key is sent.

/** A provider on loopback that answers every request with `body`, and keeps what it was sent. */
async function fakeProvider(
  body: unknown,
): Promise<{ url: string; requests: Array<{ url: string; authorization: string | undefined }>; close(): void }> {
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
  const failedRecord = (taskId: string) => ({
    code: 200,
    msg: 'success',
    data: {
      taskId,
      model: 'kling-3.0/video',
      state: 'fail',
      failCode: '501',
      failMsg: hostile,
      param: '{}',
      resultJson: null,
      createTime: 1765184045509,
    },
  })

  it.each([
    ['as text', []],
    ['as JSON lines', ['--json']],
  ] as const)(
    'status %s: no terminal control characters and no key, even when the provider echoes them',
    async (_name, extra) => {
      const provider = await fakeProvider(failedRecord('task_hostile'))
      try {
        const { code, stdout, stderr } = await runSorakit(
          ['status', '--provider', 'kie', '--base-url', provider.url, 'task_hostile', ...extra],
          { environment: { KIE_API_KEY: secret } },
        )
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
    },
  )
})

describe('a pasted handle never sends the key to a host it names', () => {
  const secret = 'sk-cli-handle-secret-0123456789'

  it("refuses a handle whose baseUrl is not the provider's, before any request, and names --base-url", async () => {
    const elsewhere = await fakeProvider({ code: 200, msg: 'success', data: { taskId: 't1', state: 'waiting' } })
    try {
      const handle = JSON.stringify({
        provider: 'kie',
        taskId: 't1',
        model: 'kling-3.0/video',
        baseUrl: elsewhere.url,
        createdAt: '',
      })
      const { code, stderr } = await runSorakit(['status', handle], { environment: { KIE_API_KEY: secret } })
      expect(code).toBe(2)
      expect(stderr).toContain(
        `The handle's baseUrl ${elsewhere.url} is not kie's (https://api.kie.ai); your key would be sent there. If you trust it, pass --base-url ${elsewhere.url}`,
      )
      expect(elsewhere.requests).toEqual([])
      // Said explicitly, the host is trusted.
      const trusted = await runSorakit(['status', handle, '--base-url', elsewhere.url], {
        environment: { KIE_API_KEY: secret },
      })
      expect(trusted.code, trusted.stderr).toBe(0)
      expect(elsewhere.requests.map((request) => request.authorization)).toEqual([`Bearer ${secret}`])
    } finally {
      elsewhere.close()
    }
  })
})
