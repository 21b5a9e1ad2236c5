// The page of the mock's browser test, bundled by esbuild: a small video UI written as production code
// would be (create, poll, draw progress, play the result). `?mode=server&mock=<url>` points it at the
// kie.ai mock server; `?mode=msw` starts `@sorakit/mock/msw` in a service worker and leaves the real base URL.
import { createMockHandlers } from '@sorakit/mock/msw'
import { createSora } from '@sorakit/sora/kie'
import { setupWorker } from 'msw/browser'

const parameters = new URL(location.href).searchParams
const log = document.querySelector('#log')!
const bar = document.querySelector<HTMLProgressElement>('#progress')!
const video = document.querySelector<HTMLVideoElement>('#video')!
const drawn: number[] = []

async function run(): Promise<void> {
  const lifecycleMs = Number(parameters.get('lifecycleMs') ?? '1500')
  let baseUrl: string | undefined
  if (parameters.get('mode') === 'msw') {
    const worker = setupWorker(...createMockHandlers({ provider: 'kie', lifecycleMs }))
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true })
  } else {
    baseUrl = parameters.get('mock') ?? undefined
    if (baseUrl === undefined) throw new Error('the page needs ?mode=msw or ?mode=server&mock=<kie.ai mock base URL>')
  }
  const sora = createSora({ apiKey: 'browser-test-key', ...(baseUrl === undefined ? {} : { baseUrl }) })
  const handle = await sora.textToVideo({ prompt: 'A paper boat drifting down a rainy street' })
  log.append(`created ${handle.taskId}\n`)
  const task = await sora.wait(handle, {
    pollSchedule: [{ untilMs: Number.POSITIVE_INFINITY, minMs: 40, maxMs: 60 }],
    onProgress: (update) => {
      if (update.progress === null) return
      bar.value = update.progress
      drawn.push(bar.value)
      log.append(`${update.status} ${Math.round(update.progress * 100)}%\n`)
    },
  })
  video.muted = true
  video.src = task.videoUrls[0]!
  await new Promise<void>((resolve, reject) => {
    video.addEventListener('loadeddata', () => resolve(), { once: true })
    video.addEventListener(
      'error',
      () => reject(new Error(`the video did not load: ${video.error?.message ?? 'no detail'}`)),
      { once: true },
    )
  })
  await video.play()
  document.body.dataset['task'] = JSON.stringify({
    status: task.status,
    taskId: task.taskId,
    videoUrl: video.currentSrc,
    drawn,
    readyState: video.readyState,
    duration: video.duration,
  })
  document.body.dataset['result'] = 'succeeded'
}

run().catch((error: unknown) => {
  log.append(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`)
  document.body.dataset['result'] = 'failed'
})
