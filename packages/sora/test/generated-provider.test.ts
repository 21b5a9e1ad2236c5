import { apikleyProvider, createApikleyClient } from '@sorakit/apikley'
import { createVtrixClient, vtrixProvider } from '@sorakit/vtrix'
import { describe, expect, it } from 'vitest'
import { createSora, ValidationError } from '../src/index.js'
import { json, stubFetch } from './support/stub-fetch.js'

// A white label of a known API family is a new spec folder: codegen generates its package (table +
// client), and the facade drives it through `{ table, createClient }` without code of its own.
describe('a generated provider package of a known API family', () => {
  it('kie family: a white label of kie.ai with its own id and host', async () => {
    const table = {
      ...apikleyProvider,
      id: 'mirror',
      displayName: 'Mirror',
      servers: { api: 'https://api.mirror.example', upload: 'https://upload.mirror.example' },
    }
    const fetch = stubFetch(json({ code: 200, msg: 'success', data: { taskId: 'task_mirror_1' } }))
    const sora = createSora({ provider: { table, createClient: createApikleyClient }, apiKey: 'key', fetch })
    expect(sora.provider).toBe('mirror')
    const handle = await sora.textToVideo({ prompt: 'A paper boat', model: 'sora-2-pro' })
    expect(handle).toMatchObject({
      provider: 'mirror',
      taskId: 'task_mirror_1',
      model: 'sora-2-pro-text-to-video',
      baseUrl: 'https://api.mirror.example',
    })
    expect(fetch.calls.map((call) => call.url.href)).toEqual(['https://api.mirror.example/api/v1/jobs/createTask'])
    expect(sora.capabilities.provider).toBe('mirror')
  })

  it('vtrix family: the vtrix adapter with another table', async () => {
    const table = {
      ...vtrixProvider,
      id: 'vmirror',
      displayName: 'V mirror',
      servers: { api: 'https://v.mirror.example' },
    }
    const fetch = stubFetch(
      json({
        id: 'task_v1',
        status: 'completed',
        model: 'sora_2_i2v',
        created_at: 1765184045,
        output: [{ content: [{ type: 'video', url: 'https://cdn.example/v.mp4' }] }],
      }),
    )
    const sora = createSora({ provider: { table, createClient: createVtrixClient }, apiKey: 'key', fetch })
    expect(await sora.getTask('task_v1')).toMatchObject({
      provider: 'vmirror',
      status: 'succeeded',
      videoUrls: ['https://cdn.example/v.mp4'],
    })
  })

  it('an unknown API family is refused before any request', () => {
    const table = { ...vtrixProvider, family: 'acme' }
    expect(() => createSora({ provider: { table, createClient: createVtrixClient }, apiKey: 'key' })).toThrow(
      ValidationError,
    )
    expect(() => createSora({ provider: { table, createClient: createVtrixClient }, apiKey: 'key' })).toThrow(
      /No facade adapter for the API family acme; the facade speaks kie, vtrix/,
    )
  })
})
