import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { providerIds } from '@sorakit/provider-registry'
import { afterEach, describe, expect, it } from 'vitest'
import { createSora } from '../src/index.js'
import { sendJson, startFaultServer, type FaultServer } from './support/fault-server.js'
import {
  falQueueExamples,
  kieCreateExamples,
  kieRecordExamples,
  vtrixTaskExamples,
} from './support/provider-examples.js'
import { startVideo } from './support/video-operation.js'

const run = promisify(execFile)
const servers: FaultServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

// One loopback server playing every API family (kie.ai's paths, vtrix's, fal's queue): create, then report the
// finished task.
async function providerServer(): Promise<FaultServer> {
  const server = await startFaultServer((_request, response, seen) => {
    if (seen.path === '/api/v1/jobs/createTask') return sendJson(response, kieCreateExamples()['accepted'])
    if (seen.path.startsWith('/api/v1/jobs/recordInfo')) return sendJson(response, kieRecordExamples()['success'])
    if (seen.path === '/model/v1/generation') return sendJson(response, vtrixTaskExamples()['pending'])
    if (seen.path.startsWith('/alibaba/')) {
      const fal = falQueueExamples()
      if (seen.path.endsWith('/status')) return sendJson(response, fal.status['completed'])
      return sendJson(response, seen.path.includes('/requests/') ? fal.result['completed'] : fal.submit['in-queue'])
    }
    return sendJson(response, vtrixTaskExamples()['completed'])
  })
  servers.push(server)
  return server
}

describe('handles are plain JSON', () => {
  it('round-trips through JSON into a new facade in this process', async () => {
    const server = await providerServer()
    for (const provider of providerIds) {
      const handle = await startVideo(createSora({ provider, apiKey: 'first', baseUrl: server.url }), {
        prompt: 'a boat',
      })
      const revived = JSON.parse(JSON.stringify(handle))
      expect(revived).toEqual(handle)
      const task = await createSora({ provider, apiKey: 'second', baseUrl: `${server.url}/` }).getTask(revived)
      expect(task).toMatchObject({ status: 'succeeded', taskId: handle.taskId })
    }
  })

  it('works in another Node process', async () => {
    const server = await providerServer()
    const handle = await createSora({ provider: 'kie', apiKey: 'first', baseUrl: server.url }).textToVideo({
      prompt: 'a boat',
    })
    const script = fileURLToPath(new URL('./support/get-task-in-another-process.mjs', import.meta.url))
    const { stdout } = await run(process.execPath, [script, JSON.stringify(handle), server.url], { timeout: 20_000 })
    expect(JSON.parse(stdout)).toEqual({
      taskId: handle.taskId,
      status: 'succeeded',
      videoUrls: [expect.stringContaining('.mp4')],
    })
    const recordRequests = server.requests.filter((request) => request.path.startsWith('/api/v1/jobs/recordInfo'))
    expect(recordRequests).toEqual([
      { method: 'GET', path: `/api/v1/jobs/recordInfo?taskId=${handle.taskId}`, body: '' },
    ])
  })
})
