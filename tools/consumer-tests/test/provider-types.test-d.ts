import { createApikleyClient, type paths as ApikleyPaths } from '@sorakit/apikley'
import { createKieClient, type kieProvider, type components as KieComponents, type KieModelId, type paths as KiePaths } from '@sorakit/kie'
import { createVtrixClient, type components as VtrixComponents } from '@sorakit/vtrix'
import { describe, expectTypeOf, it } from 'vitest'

const kie = createKieClient({ apiKey: 'key' })
const apikley = createApikleyClient({ apiKey: 'key' })
const vtrix = createVtrixClient({ apiKey: 'key' })
const createTask = '/api/v1/jobs/createTask'

describe('kie createTask narrows input by model', () => {
  it('accepts each model with its own parameters', () => {
    void kie.POST(createTask, { body: { model: 'sora-2-image-to-video', input: { prompt: 'p', image_urls: ['https://example.com/a.png'], n_frames: '15', aspect_ratio: 'portrait', character_id_list: ['char_1', 'char_2'] } } })
    void kie.POST(createTask, { body: { model: 'sora-2-pro-text-to-video', callBackUrl: 'https://example.com/cb', progressCallBackUrl: 'https://example.com/p', input: { prompt: 'p', size: 'high', upload_method: 's3' } } })
    void kie.POST(createTask, { body: { model: 'sora-2-pro-storyboard', input: { n_frames: '25', upload_method: 'oss', shots: [{ Scene: 'a cat', duration: 7.5 }] } } })
    void kie.POST(createTask, { body: { model: 'sora-2-characters-pro', input: { origin_task_id: 't', timestamps: '3.55,5.55', character_prompt: 'c' } } })
  })

  it("narrows the models sold today to their own parameters (Kling 3.0's duration strings, Veo's integer durations, Seedance's resolutions)", () => {
    void kie.POST(createTask, { body: { model: 'kling-3.0/video', input: { prompt: 'p', duration: '15', sound: true, mode: 'std', multi_shots: false, image_urls: ['https://example.com/a.png', 'https://example.com/b.png'] } } })
    void kie.POST(createTask, { body: { model: 'veo-3-1', input: { prompt: 'p', duration: 8, resolution: '4k' } } })
    // @ts-expect-error Kling 3.0 takes '3' to '15'
    void kie.POST(createTask, { body: { model: 'kling-3.0/video', input: { prompt: 'p', duration: '16', sound: true, mode: 'std', multi_shots: false } } })
    // @ts-expect-error Veo 3.1's duration is 4, 6 or 8 (a number)
    void kie.POST(createTask, { body: { model: 'veo-3-1', input: { prompt: 'p', duration: '8' } } })
    // @ts-expect-error Seedance 1.5 Pro renders 480p, 720p or 1080p
    void kie.POST(createTask, { body: { model: 'bytedance/seedance-1.5-pro', input: { prompt: 'p', aspect_ratio: '16:9', duration: 8, resolution: '4k' } } })
  })

  it('rejects an image-to-video task without image_urls', () => {
    // @ts-expect-error image_urls is required for sora-2-image-to-video
    void kie.POST(createTask, { body: { model: 'sora-2-image-to-video', input: { prompt: 'p' } } })
  })

  it("rejects n_frames '11'", () => {
    // @ts-expect-error n_frames is '10' | '15'
    void kie.POST(createTask, { body: { model: 'sora-2-text-to-video', input: { prompt: 'p', n_frames: '11' } } })
  })

  it('rejects a size sent to a model that has none, and a task without input', () => {
    // @ts-expect-error size exists only on the pro models
    void kie.POST(createTask, { body: { model: 'sora-2-text-to-video', input: { prompt: 'p', size: 'high' } } })
    // @ts-expect-error input carries the required prompt
    void kie.POST(createTask, { body: { model: 'sora-2-text-to-video' } })
  })

  it('character_id_list takes strings', () => {
    type Input = KieComponents['schemas']['Sora2ProTextToVideoRequest']['input']
    expectTypeOf<NonNullable<Input['character_id_list']>>().toEqualTypeOf<string[]>()
    // @ts-expect-error character ids are strings
    void kie.POST(createTask, { body: { model: 'sora-2-text-to-video', input: { prompt: 'p', character_id_list: [1] } } })
  })

  it('knows every model id: the typed client and the generated table list the same models', () => {
    expectTypeOf<KieModelId>().toEqualTypeOf<keyof (typeof kieProvider)['models']>()
  })
})

describe('kie recordInfo', () => {
  it('types state as the five documented states and the running-time fields as nullable', () => {
    type Task = NonNullable<KiePaths['/api/v1/jobs/recordInfo']['get']['responses'][200]['content']['application/json']['data']>
    expectTypeOf<NonNullable<Task['state']>>().toEqualTypeOf<'waiting' | 'queuing' | 'generating' | 'success' | 'fail'>()
    expectTypeOf<Task['resultJson']>().toEqualTypeOf<string | null | undefined>()
    expectTypeOf<Task['progress']>().toEqualTypeOf<number | null | undefined>()
  })

  it('requires taskId', () => {
    void kie.GET('/api/v1/jobs/recordInfo', { params: { query: { taskId: 't' } } })
    // @ts-expect-error taskId is required
    void kie.GET('/api/v1/jobs/recordInfo', { params: { query: {} } })
  })
})

describe('Apikley', () => {
  it('has only the models it documents, and no progress callback', () => {
    void apikley.POST(createTask, { body: { model: 'sora-2-pro-text-to-video', input: { prompt: 'p', size: 'standard' } } })
    // @ts-expect-error Apikley documents no sora-2-text-to-video
    void apikley.POST(createTask, { body: { model: 'sora-2-text-to-video', input: { prompt: 'p' } } })
    // @ts-expect-error Apikley documents no progressCallBackUrl
    void apikley.POST(createTask, { body: { model: 'sora-2-pro-text-to-video', progressCallBackUrl: 'https://example.com/p', input: { prompt: 'p' } } })
    expectTypeOf<keyof ApikleyPaths>().toEqualTypeOf<'/api/v1/jobs/createTask' | '/api/v1/jobs/recordInfo' | '/api/v1/chat/credit' | '/api/v1/common/download-url' | '/api/file-stream-upload' | '/api/file-url-upload'>()
  })
})

describe('vtrix', () => {
  it("seconds accepts only '4' | '8' | '12'", () => {
    type Params = VtrixComponents['schemas']['Sora2ProT2vRequest']['input'][number]['params']
    expectTypeOf<NonNullable<Params['seconds']>>().toEqualTypeOf<'4' | '8' | '12'>()
    void vtrix.POST('/model/v1/generation', { body: { model: 'sora_2_i2v', input: [{ params: { prompt: 'p', seconds: '12', size: '1280x720', input_reference: 'https://example.com/a.png' } }] } })
    // @ts-expect-error 10 seconds is a kie duration, not a vtrix one
    void vtrix.POST('/model/v1/generation', { body: { model: 'sora_2_pro_t2v', input: [{ params: { prompt: 'p', seconds: '10' } }] } })
  })

  it('types the task status as the union of every documented status', () => {
    expectTypeOf<VtrixComponents['schemas']['Task']['status']>().toEqualTypeOf<'pending' | 'processing' | 'in_progress' | 'completed' | 'failed'>()
  })
})
