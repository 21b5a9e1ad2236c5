import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { mockProviders, startMocks, type RunningMocks } from '@sorakit/mock'
import { createSora } from '@sorakit/sora/kie'
import { build } from 'esbuild'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedChromium } from './chromium.js'

// The page comes from one localhost origin and calls the kie.ai mock on another, with `Authorization`
// and `Prefer` headers: every request needs a CORS preflight, and a bundle that pulled a Node built-in
// would fail to build for the browser or to run in it.

let mocks: RunningMocks
let pageServer: Server
let pageOrigin: string
let chromium: LaunchedChromium
let browser: BrowserContext

beforeAll(async () => {
  const kie = mockProviders.filter((provider) => provider.table.id === 'kie')
  const [started, script] = await Promise.all([
    // Lifecycle 0: a task the video test creates is final at its first poll (the page's flow asks with Prefer).
    startMocks({
      providers: kie,
      ports: { kie: 0, 'kie-upload': 0 },
      errors: true,
      logLevel: 'warn',
      checkSpecs: false,
      lifecycleMs: 0,
    }),
    bundlePage(),
  ])
  mocks = started
  pageServer = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://page')
    if (pathname === '/')
      return response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><meta charset="utf-8"><title>sorakit browser test</title><link rel="icon" href="data:,"><pre id="log"></pre><script type="module" src="/page.js"></script>',
        )
    if (pathname === '/page.js')
      return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script)
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve))
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`
  chromium = await launchChromium()
  browser = chromium.browser
})

afterAll(async () => {
  await chromium?.close()
  await mocks?.stop()
  await new Promise((resolve) => pageServer?.close(resolve))
})

/** test/browser-page.ts and everything it imports (`@sorakit/sora/kie` from its build), as one browser module. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser-page.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

describe('the facade in headless Chromium', () => {
  it('runs create → wait → succeeded against the kie.ai mock from a page on another origin', async () => {
    const mockUrl = mocks.servers.find((server) => server.key === 'kie')!.url
    expect(new URL(mockUrl).origin).not.toBe(pageOrigin)
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => void (message.type() === 'error' && problems.push(`console: ${message.text()}`)))
    const crossOrigin: string[] = []
    page.on(
      'requestfinished',
      (request) =>
        void (
          request.url().startsWith(mockUrl) &&
          crossOrigin.push(`${request.method()} ${new URL(request.url()).pathname}`)
        ),
    )

    await page.goto(`${pageOrigin}/?mock=${encodeURIComponent(mockUrl)}`)
    await page.waitForSelector('body[data-result]', { timeout: 30_000 })
    const log = await page.locator('#log').textContent()
    expect(await page.getAttribute('body', 'data-result'), `${log}\n${problems.join('\n')}`).toBe('succeeded')
    expect(problems).toEqual([])

    const task = JSON.parse((await page.getAttribute('body', 'data-task'))!) as { status: string; videoUrls: string[] }
    expect(task).toMatchObject({ status: 'succeeded', videoUrls: [expect.stringMatching(/^https:\/\/\S+\.mp4$/)] })
    const polls = log!
      .split('\n')
      .filter((line) => line.startsWith('  poll '))
      .map((line) => line.replace(/ +/g, ' ').trim())
    expect(polls).toEqual([
      'poll 1 Prefer: example=waiting → queued 0%',
      'poll 2 Prefer: example=queuing → queued 0%',
      'poll 3 Prefer: example=generating → running 45%',
      'poll 4 Prefer: example=success → succeeded 100%',
    ])
    // The page's requests went to the mock's origin: one create, then one status request per poll.
    expect(crossOrigin).toEqual(['POST /api/v1/jobs/createTask', ...polls.map(() => 'GET /api/v1/jobs/recordInfo')])
    await page.close()
  })

  it('fails the same page when the server does not allow the page origin (the check above is a real CORS check)', async () => {
    const mockUrl = mocks.servers.find((server) => server.key === 'kie')!.url
    const withoutCors = await startProxyWithoutCors(mockUrl)
    try {
      const page = await browser.newPage()
      await page.goto(`${pageOrigin}/?mock=${encodeURIComponent(withoutCors.url)}`)
      await page.waitForSelector('body[data-result]', { timeout: 30_000 })
      expect(await page.getAttribute('body', 'data-result')).toBe('failed')
      expect(await page.locator('#log').textContent()).toMatch(/NetworkError: /)
      expect(withoutCors.forwarded).toEqual([]) // the browser sent the preflight only, and stopped there
      await page.close()
    } finally {
      await withoutCors.close()
    }
  })
})

describe("the mock's result video", () => {
  it('plays in a <video> element of a page on another origin', async () => {
    const mockUrl = mocks.urls['kie']!
    const headers = { Authorization: 'Bearer browser-test', 'Content-Type': 'application/json' }
    // The facade makes the create: the default model's required parameters take their documented defaults.
    const created = await createSora({ apiKey: 'browser-test', baseUrl: mockUrl }).textToVideo({
      prompt: 'A paper boat',
    })
    const record = (await (
      await fetch(`${mockUrl}/api/v1/jobs/recordInfo?taskId=${created.taskId}`, { headers })
    ).json()) as { data: { state: string; resultJson: string } }
    expect(record.data.state).toBe('success')
    const [videoUrl] = (JSON.parse(record.data.resultJson) as { resultUrls: string[] }).resultUrls
    expect(new URL(videoUrl!).origin).toBe(mockUrl)
    const page = await browser.newPage()
    await page.goto(pageOrigin)
    const played = await page.evaluate(async (source) => {
      const video = document.createElement('video')
      video.muted = true
      document.body.append(video)
      const outcome = await new Promise<string>((resolve) => {
        video.addEventListener('loadeddata', () => resolve('loaded'))
        video.addEventListener('error', () =>
          resolve(`error ${video.error?.code ?? '?'}: ${video.error?.message ?? ''}`),
        )
        video.src = source
      })
      if (outcome === 'loaded') await video.play()
      await new Promise((resolve) => setTimeout(resolve, 300))
      return {
        outcome,
        readyState: video.readyState,
        duration: video.duration,
        currentTime: video.currentTime,
        width: video.videoWidth,
      }
    }, videoUrl!)
    expect(played.outcome).toBe('loaded')
    expect(played.readyState).toBeGreaterThanOrEqual(2) // HAVE_CURRENT_DATA: a frame is decoded
    expect(played.duration).toBeGreaterThan(0)
    expect(played.width).toBeGreaterThan(0)
    expect(played.currentTime).toBeGreaterThan(0)
    await page.close()
  })
})

/** Forwards to the mock but strips its CORS headers, and answers preflights without them. */
async function startProxyWithoutCors(
  target: string,
): Promise<{ url: string; forwarded: string[]; close: () => Promise<void> }> {
  const forwarded: string[] = []
  const server = createServer(async (request, response) => {
    if (request.method === 'OPTIONS') return response.writeHead(204).end()
    forwarded.push(`${request.method} ${request.url}`)
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: { authorization: request.headers.authorization ?? '' },
    })
    const headers = Object.fromEntries([...answer.headers].filter(([name]) => !name.startsWith('access-control-')))
    response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
