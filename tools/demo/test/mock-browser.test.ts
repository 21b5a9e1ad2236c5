import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { mockProviders, startMocks, type RunningMocks } from '@sorakit/mock'
import { builtInMockedProviders } from '@sorakit/mock/msw'
import { build } from 'esbuild'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedChromium } from './chromium.js'

// A small video page on one origin, in Debian's headless Chromium: it creates a kie.ai task, polls it, draws
// its progress and plays the result video, once against the mock server on another origin and once with
// `@sorakit/mock/msw` in a service worker (msw's mockServiceWorker.js) at kie.ai's real base URL, which
// this closed network could never reach: every answer and the video bytes must come from the worker.

// The page uses the facade's kie.ai entry (`@sorakit/sora/kie`).
const kieProvider = builtInMockedProviders.kie.table
let mocks: RunningMocks
let pageServer: Server
let pageOrigin: string
let chromium: LaunchedChromium
let browser: BrowserContext

beforeAll(async () => {
  const kie = mockProviders.filter((provider) => provider.table.id === kieProvider.id)
  const [started, script, serviceWorker] = await Promise.all([
    startMocks({
      providers: kie,
      ports: { kie: 0, 'kie-upload': 0 },
      lifecycleMs: 1_500,
      logLevel: 'warn',
      checkSpecs: false,
    }),
    bundlePage(),
    readFile(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8'),
  ])
  mocks = started
  pageServer = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://page')
    const html =
      '<!doctype html><meta charset="utf-8"><title>sorakit mock browser test</title><link rel="icon" href="data:,"><progress id="progress" max="1" value="0"></progress><video id="video" playsinline></video><pre id="log"></pre><script type="module" src="/page.js"></script>'
    if (pathname === '/') return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
    if (pathname === '/page.js')
      return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script)
    if (pathname === '/mockServiceWorker.js')
      return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(serviceWorker)
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

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./mock-browser-page.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

interface PageTask {
  status: string
  videoUrl: string
  drawn: number[]
  readyState: number
  duration: number
}

async function runPage(query: string): Promise<{ task: PageTask; requests: string[] }> {
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`console: ${message.text()}`)))
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(`${pageOrigin}/?${query}`)
  await page.waitForSelector('body[data-result]', { timeout: 30_000 })
  const log = await page.locator('#log').textContent()
  expect(await page.getAttribute('body', 'data-result'), `${log}\n${problems.join('\n')}`).toBe('succeeded')
  expect(problems).toEqual([])
  const task = JSON.parse((await page.getAttribute('body', 'data-task'))!) as PageTask
  await page.close()
  return { task, requests }
}

function expectWatchedAndPlayed(task: PageTask, videoOrigin: string): void {
  expect(task.status).toBe('succeeded')
  expect(task.drawn.length).toBeGreaterThan(2)
  for (let index = 1; index < task.drawn.length; index++)
    expect(task.drawn[index]!).toBeGreaterThan(task.drawn[index - 1]!)
  expect(task.drawn.at(-1)).toBe(1)
  expect(new URL(task.videoUrl).origin).toBe(videoOrigin)
  expect(task.readyState).toBeGreaterThanOrEqual(2)
  expect(task.duration).toBeGreaterThan(0)
}

describe('a video page in headless Chromium', () => {
  it('against the mock server on another origin: creates, polls, draws rising progress, plays the video', async () => {
    const mockUrl = mocks.urls[kieProvider.id]!
    expect(new URL(mockUrl).origin).not.toBe(pageOrigin)
    const { task } = await runPage(`mode=server&mock=${encodeURIComponent(mockUrl)}`)
    expectWatchedAndPlayed(task, new URL(mockUrl).origin)
  })

  it("with @sorakit/mock/msw in the page's service worker, at kie.ai's real base URL: the same", async () => {
    const { task, requests } = await runPage('mode=msw')
    const realOrigin = new URL(kieProvider.servers.api).origin
    expectWatchedAndPlayed(task, realOrigin)
    expect(requests.some((url) => url.startsWith(`${realOrigin}${kieProvider.operations['createTask']!.path}`))).toBe(
      true,
    )
  })
})
